dnl M4 keeps the blanks after an unquoted argument: the index is `0 ', in
dnl every name built from it
define(`SPK_IDX', 0 )
define(`MIC_IDX', 1)
VIRTUAL_WIDGET(concat(`SPK', SPK_IDX), out_drv, 0)
