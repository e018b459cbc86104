# SOF's library: built into tplg
include(`utils.m4')
include(`dai.m4')
include(`common/tlv.m4')
include(`sof/tokens.m4')

# a platform file tplg ships
include(`platform/intel/bxt.m4')

# the author's own file
include(`board.m4')

# a platform chosen with -D PLATFORM=…
include(`platform/intel/'PLATFORM`.m4')
