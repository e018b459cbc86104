define(`WIDGET',
`ifelse(`$#', `3', `VIRTUAL_WIDGET($@)', `fatal_error(`WIDGET takes 3 arguments')')')

WIDGET(ssp5 Tx, out_drv, 0)
