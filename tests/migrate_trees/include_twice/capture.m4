PIPELINE_PCM_ADD(sof/pipe-volume-capture.m4, CAP_ID, eval(CAP_ID - 1), 2, s32le,
	1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-capture.m4, CAP_ID, SSP, CAP_SSP, concat(concat(`SSP', CAP_SSP), `-Codec'),
	concat(`PIPELINE_SINK_', CAP_ID), 2, s16le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_CAPTURE_ADD(concat(`Capture', CAP_ID), eval(CAP_ID - 1), concat(`PIPELINE_PCM_', CAP_ID))
DAI_CONFIG(SSP, CAP_SSP, eval(CAP_ID - 1), concat(concat(`SSP', CAP_SSP), `-Codec'),
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),
		SSP_CLOCK(bclk, 3072000, codec_consumer),
		SSP_CLOCK(fsync, 48000, codec_consumer),
		SSP_TDM(2, 32, 3, 3),
		SSP_CONFIG_DATA(SSP, CAP_SSP, 16)))
undefine(`CAP_SSP')
undefine(`CAP_ID')
