# SOF's DAI_ADD undefines DAI_PERIODS: the second pipeline gets 2 periods
include(`platform/imx/imx8.m4')
define(`DAI_PERIODS', 8)
PIPELINE_PCM_ADD(sof/pipe-codec-adapter-playback.m4, 1, 0, 2, s32le, 1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, 1, SAI, 1, sai1-codec, PIPELINE_SOURCE_1, 2, s32le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PIPELINE_PCM_ADD(sof/pipe-codec-adapter-playback.m4, 2, 1, 2, s32le, 1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, 2, SAI, 2, sai2-codec, PIPELINE_SOURCE_2, 2, s32le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
COMPR_PLAYBACK_ADD(Port0, 0, PIPELINE_PCM_1)
COMPR_PLAYBACK_ADD(Port1, 1, PIPELINE_PCM_2)
DAI_CONFIG(SAI, 1, 0, sai1-codec, SAI_CONFIG(I2S, SAI_CLOCK(mclk, 12288000, codec_mclk_in),
	SAI_CLOCK(bclk, 3072000, codec_provider), SAI_CLOCK(fsync, 48000, codec_provider),
	SAI_TDM(2, 32, 3, 3), SAI_CONFIG_DATA(SAI, 1, 0)))
DAI_CONFIG(SAI, 2, 1, sai2-codec, SAI_CONFIG(I2S, SAI_CLOCK(mclk, 12288000, codec_mclk_in),
	SAI_CLOCK(bclk, 3072000, codec_provider), SAI_CLOCK(fsync, 48000, codec_provider),
	SAI_TDM(2, 32, 3, 3), SAI_CONFIG_DATA(SAI, 2, 0)))
