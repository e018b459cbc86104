# A platform that names no memory capabilities (as SOF's platform/amd/acp.m4):
# M4 writes PLATFORM_PASS_MEM_CAP into the buffer as it is, alsatplg reads 0
include(`utils.m4')
include(`dai.m4')
include(`pipeline.m4')
include(`acp-sp.m4')
include(`sof/tokens.m4')
include(`platform/amd/acp.m4')

PIPELINE_PCM_ADD(sof/pipe-passthrough-playback.m4,
	1, 0, 2, s16le,
	1000, 0, 0,
	48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, 1, ACPSP, 0, acp-headset-codec,
	PIPELINE_SOURCE_1, 2, s16le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_DMA)
DAI_CONFIG(ACPSP, 0, 0, acp-headset-codec,
	ACPSP_CONFIG(I2S, ACP_CLOCK(mclk, 49152000, codec_mclk_in),
		ACP_CLOCK(bclk, 3072000, codec_consumer),
		ACP_CLOCK(fsync, 48000, codec_consumer),
		ACP_TDM(2, 32, 3, 3), ACPSP_CONFIG_DATA(ACPSP, 0, 48000, 2, 0)))
PCM_PLAYBACK_ADD(Headset, 0, PIPELINE_PCM_1)
