SectionGraph."mixer-host" {
	index "0"

	lines [
		ifdef(`DISABLE_SSP0', `', `dapm(PIPELINE_MIXER_1, PIPELINE_SOURCE_7)')
		dapm(PIPELINE_MIXER_5, PIPELINE_SOURCE_9)
	]
}
