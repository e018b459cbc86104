dnl N_PGA(pipeline id): the name of a pipeline's volume widget
define(`N_PGA', `PGA'PIPELINE_ID`.'$1)
