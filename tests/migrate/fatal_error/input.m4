ifdef(`AMP_SSP', `', `fatal_error(note: Define AMP_SSP for the speaker SSP
)')
ifdef(`CODEC', `', `errprint(`CODEC is not set')')
