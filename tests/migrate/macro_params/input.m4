include(`platform/intel/bxt.m4')

dnl PLAYBACK_PCM(pipeline id, pcm id, name)
define(`PLAYBACK_PCM',
`PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4,
	$1, $2, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)
PCM_PLAYBACK_ADD($3, $2, `PIPELINE_PCM_1')')

PLAYBACK_PCM(1, 0, Speakers)

DAI_ADD(sof/pipe-dai-playback.m4,
	1, SSP, 5, SSP5-Codec,
	PIPELINE_SOURCE_1, 2, s24le,
	1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)

DAI_CONFIG(SSP, 5, 0, SSP5-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),
		SSP_CLOCK(bclk, 3072000, codec_slave),
		SSP_CLOCK(fsync, 48000, codec_slave),
		SSP_TDM(2, 32, 3, 3),
		SSP_CONFIG_DATA(SSP, 5, 24)))
