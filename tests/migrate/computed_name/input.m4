dnl A pasted name read at once, and one kept in a define and read later
define(`SPK_PIPE', 1)
define(`SPK_SOURCE', concat(`PIPELINE_SOURCE_', SPK_PIPE))
define(`SPK_PCM', concat(`PIPELINE_PCM_', SPK_PIPE))
include(`platform/intel/bxt.m4')
PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4, SPK_PIPE, 0, 2, s32le,
	1000, 0, 0, 48000, 48000, 48000)
DAI_ADD(sof/pipe-dai-playback.m4, SPK_PIPE, SSP, 5, SSP5-Codec,
	SPK_SOURCE, 2, s16le, 1000, 0, 0, SCHEDULE_TIME_DOMAIN_TIMER)
PCM_PLAYBACK_ADD(Speaker, 0, SPK_PCM)
PCM_CAPTURE_ADD(Echo, 1, concat(`PIPELINE_PCM_', SPK_PIPE))
