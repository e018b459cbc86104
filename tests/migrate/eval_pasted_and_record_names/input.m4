# eval(NAME) pasted into a link name is the name's value; a mixed-case
# name holding a PDM set, given whole to PDM_CONFIG, is its value too
ifdef(`AMP_LINK',`',`define(AMP_LINK, `1')')
define(`STEREO_PDM0', `PDM_TUPLES(0, 1, 1, 0, 0, 0, 0)')
define(`DMIC_16k_PDM', `STEREO_PDM0')
DAI_CONFIG(ALH, eval(AMP_LINK * 256 + 2), 2, `SDW'eval(AMP_LINK)`-Playback',
	ALH_CONFIG(ALH_CONFIG_DATA(ALH, eval(AMP_LINK * 256 + 2), 48000, 2)))
DAI_CONFIG(DMIC, 1, 3, dmic16k,
	DMIC_CONFIG(1, 2400000, 4800000, 40, 60, 16000,
		DMIC_WORD_LENGTH(s32le), 400, DMIC, 1,
		PDM_CONFIG(DMIC, 1, DMIC_16k_PDM)))
