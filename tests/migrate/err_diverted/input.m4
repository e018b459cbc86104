divert(-1)
define(`A', 1)
VIRTUAL_WIDGET(ssp5 Tx, out_drv, 0)
divert(0)dnl
