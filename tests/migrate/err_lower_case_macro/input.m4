define(matrix1, `ROUTE_MATRIX(1, 0, 0)')
dnl MATRIX1 is taken, so matrix1 cannot be renamed to it
define(`MATRIX1', 3)
MUXDEMUX_CONFIG(demux_priv_1, 1, matrix1)
