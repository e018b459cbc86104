dnl the board names its speaker PCM, then includes a fragment that defines
dnl the name again unquoted (as SOF's sof-cml-rt5682-kwd.m4 does with
dnl DMIC_16k_PCM_NAME): M4 defines the macro `Speaker', and SPK_PCM reads
dnl `Speakers'
include(`utils.m4')
include(`dai.m4')
include(`pipeline.m4')
include(`ssp.m4')
include(`common/tlv.m4')
include(`sof/tokens.m4')
include(`platform/intel/bxt.m4')

define(SPK_PCM, `Speaker')
include(`speaker.m4')
