#
# A board with two pipelines.
#

dnl PIPELINE_PCM_ADD(pipeline,
dnl     pipe id, pcm, max channels, format)

define(`A', 1) # trailing comment
define(`B', 2)dnl trailing dnl comment
define(`C', 3)dnl
