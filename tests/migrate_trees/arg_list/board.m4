dnl an argument list a fragment defines, read as the sole argument of SSP_CONFIG_DATA
include(`utils.m4')
include(`dai.m4')
include(`pipeline.m4')
include(`ssp.m4')
include(`common/tlv.m4')
include(`sof/tokens.m4')
include(`platform/intel/bxt.m4')
include(`ssp-data.m4')

PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4, 1, 0, 2, s32le,
	1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, 1, SSP, 1, SSP1-Codec,
	PIPELINE_SOURCE_1, 2, s24le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_PLAYBACK_ADD(Speaker, 0, PIPELINE_PCM_1)
DAI_CONFIG(SSP, 1, 0, SSP1-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),
		SSP_CLOCK(bclk, 3072000, codec_consumer),
		SSP_CLOCK(fsync, 48000, codec_consumer),
		SSP_TDM(2, 32, 3, 3),
		SSP_CONFIG_DATA(BOARD_SSP_DATA)))
