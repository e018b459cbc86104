#
# The board's codec file is not in the tree: the names it would define
# are unknown, so CODEC_LINK is written as text.
#

include(`utils.m4')
include(`acme-codec.m4')

define(`LINK', CODEC_LINK)
