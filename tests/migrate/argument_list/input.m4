dnl an argument list for the files that include this one
define(`SPK_CONFIG_DATA', `SSP, 1, 24')
