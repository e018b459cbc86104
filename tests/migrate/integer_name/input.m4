#
# The SSP comes from the build (-DBOARD_SSP=…), which nothing here says:
# where a statement takes an integer, the word is a reference. Where it
# takes text, a word nothing defines stays text, as M4 writes it.
#

include(`utils.m4')
include(`dai.m4')
include(`pipeline.m4')
include(`ssp.m4')
include(`platform/intel/bxt.m4')

PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4,
	1, 0, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)

DAI_ADD(sof/pipe-dai-playback.m4,
	1, SSP, BOARD_SSP, SSP-Codec,
	PIPELINE_SOURCE_1, 2, s16le,
	1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)

PCM_PLAYBACK_ADD(BOARD_PCM, 0, PIPELINE_PCM_1)

DAI_CONFIG(SSP, BOARD_SSP, 0, SSP-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 19200000, codec_mclk_in),
		SSP_CLOCK(bclk, 1536000, codec_consumer),
		SSP_CLOCK(fsync, 48000, codec_consumer),
		SSP_TDM(2, 16, 3, 3),
		SSP_CONFIG_DATA(SSP, BOARD_SSP, 16, 0)))
