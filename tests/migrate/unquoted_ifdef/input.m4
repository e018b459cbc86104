dnl NO16KDMIC comes from the file that includes this one (or -D)
ifdef(NO16KDMIC, `', `define(`DMIC16K', 1)')
define(`PDM', `STEREO')
dnl PDM is defined here: M4 tests STEREO
ifdef(PDM, `define(`HAS_STEREO', 1)')
