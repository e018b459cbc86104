define(`APDM', `STEREO_PDM0')
include(`platform/intel/dmic.m4')
DAI_CONFIG(DMIC, 0, 6, NoCodec-6,
	DMIC_CONFIG(1, 2400000, 4800000, 40, 60, 48000,
		DMIC_WORD_LENGTH(s32le), 400, DMIC, 0,
		PDM_CONFIG(DMIC, 0, APDM)))
