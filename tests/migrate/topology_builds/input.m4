#
# A small board: speaker on SSP5, optional headset on SSP1.
#

# Include topology builder
include(`utils.m4')
include(`dai.m4')
include(`pipeline.m4')
include(`ssp.m4')

# Include TLV and token libraries
include(`common/tlv.m4')
include(`sof/tokens.m4')

# Include DSP configuration
include(`platform/intel/bxt.m4')

ifdef(`SPK_FORMAT', `', `define(`SPK_FORMAT', `s16le')')
define(`SPK_LINK', concat(`SSP', 5))

dnl PIPELINE_PCM_ADD(pipeline,
dnl     pipe id, pcm, max channels, format,
dnl     period, priority, core,
dnl     pcm_min_rate, pcm_max_rate, pipeline_rate)
PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4,
	1, 0, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)

ifdef(`HEADSET', `
PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4,
	2, 1, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)
')

DAI_ADD(sof/pipe-dai-playback.m4,
	1, SSP, 5, SPK_LINK`-Codec',
	PIPELINE_SOURCE_1, 2, SPK_FORMAT,
	1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)

ifdef(`HEADSET', `
DAI_ADD(sof/pipe-dai-playback.m4,
	2, SSP, 1, SSP1-Codec,
	PIPELINE_SOURCE_2, 2, s16le,
	1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_PLAYBACK_ADD(Headset, 1, PIPELINE_PCM_2)
DAI_CONFIG(SSP, 1, 1, SSP1-Codec,
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 19200000, codec_mclk_in),
		SSP_CLOCK(bclk, 1536000, codec_slave),
		SSP_CLOCK(fsync, 48000, codec_slave),
		SSP_TDM(2, 16, 3, 3),
		SSP_CONFIG_DATA(SSP, 1, 16, 0)))
')

PCM_PLAYBACK_ADD(Speakers, 0, PIPELINE_PCM_1)

DAI_CONFIG(SSP, 5, 0, SPK_LINK`-Codec',
	SSP_CONFIG(I2S, SSP_CLOCK(mclk, 19200000, codec_mclk_in),
		SSP_CLOCK(bclk, 1536000, codec_slave),
		SSP_CLOCK(fsync, 48000, codec_slave),
		SSP_TDM(2, 16, 3, 3),
		SSP_CONFIG_DATA(SSP, 5, eval(8 * 2), 0)))

VIRTUAL_WIDGET(ssp5 Tx, out_drv, 0)
