define(`SPK_INDEX', 0)
define(`LINK', `SPK_INDEX')
define(`SPK_INDEX', 1)
VIRTUAL_WIDGET(LINK, out_drv, 0)
