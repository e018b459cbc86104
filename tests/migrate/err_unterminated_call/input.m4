VIRTUAL_WIDGET(ssp5 Tx, out_drv,
	0
