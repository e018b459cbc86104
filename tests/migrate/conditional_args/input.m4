PIPELINE_PCM_ADD(
	ifdef(`WAVES', sof/pipe-waves-codec-playback.m4, sof/pipe-volume-playback.m4),
	1, 0, ifdef(`4CH', `4', `2'), s32le,
	1000, 0, 0,
	48000, 48000, 48000)
