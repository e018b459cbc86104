#
# Another board: its build passes -DOTHER_NAME, which never reaches the
# capture fragment (nothing this board includes includes it).
#

include(`utils.m4')

ifdef(`OTHER_NAME', `define(`OTHER_SEEN', 1)')
