define(`STEREO', `1, PDM_TUPLES(0, 1, 1, 0, 0, 0, 0)')
dnl used here, M4 passes two arguments
PDM_CONFIG(DMIC, 0, STEREO)
