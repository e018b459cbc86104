define(`DMIC_PIPELINE_ID', 10)
dnl a pasted name inside a longer text
PCM_CAPTURE_ADD(DMIC, 99, `Capture 'concat(`PIPELINE_PCM_', DMIC_PIPELINE_ID))
