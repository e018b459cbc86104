include(`platform/intel/bxt.m4')

dnl PLAYBACK_PCM(pipeline id, pcm id, name)
define(`PLAYBACK_PCM',
`PIPELINE_PCM_ADD(sof/pipe-volume-playback.m4,
	$1, $2, 2, s32le,
	1000, 0, 0,
	48000, 48000, 48000)
PCM_PLAYBACK_ADD($3, $2, `PIPELINE_PCM_1')')

PLAYBACK_PCM(1, 0, Speakers)
