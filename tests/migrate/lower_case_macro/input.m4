dnl lower-case macros that stand for calls, pasted into a list with commas
define(matrix1, `ROUTE_MATRIX(1,
	`BITS_TO_BYTE(1, 0, 0, 0, 0, 0, 0, 0)',
	`BITS_TO_BYTE(0, 1, 0, 0, 0, 0, 0, 0)')')
define(matrix2, `ROUTE_MATRIX(5,
	`BITS_TO_BYTE(0, 0, 1, 0, 0, 0, 0, 0)',
	`BITS_TO_BYTE(0, 0, 0, 1, 0, 0, 0, 0)')')
MUXDEMUX_CONFIG(demux_priv_1, 2, LIST_NONEWLINE(`', `matrix1,', `matrix2'))
MUXDEMUX_CONFIG(demux_priv_2, 1, matrix2)
