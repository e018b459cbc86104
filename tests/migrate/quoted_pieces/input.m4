dnl quoted pieces that make calls only together, as M4 reads them
define(`CONFIGS', LIST(`',
	`MULTI_CONFIG(cfg1, 1, SSP_CLOCK(mclk, 19200000, codec_mclk_in),'
		`SSP_TDM(1, 16, 1, 1))',
	`MULTI_CONFIG(cfg2, 2, SSP_CLOCK(mclk, 19200000, codec_mclk_in),'
		`SSP_TDM(2, 16, 3, 3))'))
MULTI_DAI_CONFIG(SSP, 2, 0, SSP2-BT, CONFIGS)
