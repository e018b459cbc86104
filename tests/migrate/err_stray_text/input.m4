PCM_PLAYBACK_ADD(Speakers, 0, PIPELINE_PCM_1)
this line is not a statement
