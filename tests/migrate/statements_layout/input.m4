# Speaker: pipeline 1 on PCM 0
PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4,
	1, 0, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)

DAI_CONFIG(SSP, 5, 0, SSP5-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 19200000, codec_mclk_in),
		SSP_CLOCK(bclk, 1536000, codec_slave),
		SSP_CLOCK(fsync, 48000, codec_slave),
		SSP_TDM(2, 16, 3, 3),
		# valid bits: 16
		SSP_CONFIG_DATA(SSP, 5, 16, 0)))

VIRTUAL_WIDGET(ssp5 Tx, out_drv, 0)
DEBUG_START
