ifdef(`DMIC_PCM_NAME', `', `define(`DMIC_PCM_NAME', `DMIC')')
ifdef(`CORE_ID',`', `define(CORE_ID, 0)')
