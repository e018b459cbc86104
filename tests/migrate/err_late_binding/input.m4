define(`SPK_NAME', `SSP'SPK_INDEX`-Codec')
define(`LINK', `SPK_INDEX-Codec')
define(`SPK_INDEX', 1)
