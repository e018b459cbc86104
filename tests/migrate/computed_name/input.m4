dnl A pasted name read at once, and one kept in a define and read later
define(`SPK_PIPE', 1)
define(`SPK_PCM', concat(`PIPELINE_PCM_', SPK_PIPE))
include(`platform/intel/bxt.m4')
PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4, SPK_PIPE, 0, 2, s32le,
	1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, SPK_PIPE, SSP, 5, SSP5-Codec,
	concat(`PIPELINE_SOURCE_', SPK_PIPE), 2, s16le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_PLAYBACK_ADD(Speaker, 0, SPK_PCM)
DAI_CONFIG(SSP, 5, 0, SSP5-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),
		SSP_CLOCK(bclk, 3072000, codec_consumer),
		SSP_CLOCK(fsync, 48000, codec_consumer),
		SSP_TDM(2, 32, 3, 3),
		SSP_CONFIG_DATA(SSP, 5, 16)))
