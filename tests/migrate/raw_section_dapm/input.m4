define(`GRAPH', `pipe-mixer')

SectionGraph."GRAPH" {
	index "0"

	lines [
		# connect the mixer to the host pipeline
		dapm(PIPELINE_MIXER_1, PIPELINE_SOURCE_2)
	]
}
