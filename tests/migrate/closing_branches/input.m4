DAI_CONFIG(SAI, 1, 0, sai1-codec,
ifelse(
	CODEC, `wm8960', `
	SAI_CONFIG(I2S, SAI_CLOCK(mclk, 12288000, codec_mclk_in),
		SAI_TDM(2, 32, 3, 3)))',
	CODEC, `wm8962', `
	SAI_CONFIG(I2S, SAI_CLOCK(mclk, 24576000, codec_mclk_in),
		SAI_TDM(2, 32, 3, 3)))',
	)
