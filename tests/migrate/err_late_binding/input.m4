define(`SPK_NAME', `SSP'SPK_INDEX`-Codec')
define(`LINK', `SPK_INDEX')
define(`SPK_INDEX', 1)
