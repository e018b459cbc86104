#
# Capture from the SSP the including board picks (CAP_SSP, CAP_LINK), as
# the PCM the build names (CAP_PCM).
#

PIPELINE_PCM_ADD(sof/pipe-volume-capture.m4,
	2, 1, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)

DAI_ADD(sof/pipe-dai-capture.m4,
	2, SSP, CAP_SSP, CAP_LINK,
	PIPELINE_SINK_2, 2, s16le,
	1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)

PCM_CAPTURE_ADD(CAP_PCM, 1, PIPELINE_PCM_2)

DAI_CONFIG(SSP, CAP_SSP, 1, CAP_LINK,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 19200000, codec_mclk_in),
		SSP_CLOCK(bclk, 1536000, codec_consumer),
		SSP_CLOCK(fsync, 48000, codec_consumer),
		SSP_TDM(2, 16, 3, 3),
		SSP_CONFIG_DATA(SSP, CAP_SSP, 16, 0)))

# a name only another board's build defines: text here, as in M4
VIRTUAL_WIDGET(OTHER_NAME, out_drv, 0)
