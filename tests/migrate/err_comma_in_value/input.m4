define(`STEREO', `1, PDM_TUPLES(0, 1, 1, 0, 0, 0, 0)')
