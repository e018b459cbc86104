dnl CMake may pass -DSPK_CORE_ID=1: M4 expands the unquoted name first and
dnl defines a macro `1`, so SPK_CORE_ID keeps the value from the command line
define(SPK_CORE_ID, `0')
include(`platform/intel/bxt.m4')
PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4, 1, 0, 2, s32le,
	1000, 0, SPK_CORE_ID, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, 1, SSP, 5, SSP5-Codec,
	PIPELINE_SOURCE_1, 2, s16le, 1000, 0, SPK_CORE_ID, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_PLAYBACK_ADD(Speakers, 0, PIPELINE_PCM_1)
DAI_CONFIG(SSP, 5, 0, SSP5-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 24576000, codec_mclk_in),
		SSP_CLOCK(bclk, 3072000, codec_consumer),
		SSP_CLOCK(fsync, 48000, codec_consumer),
		SSP_TDM(2, 32, 3, 3),
		SSP_CONFIG_DATA(SSP, 5, 16)))
