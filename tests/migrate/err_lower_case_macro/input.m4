define(matrix1, `ROUTE_MATRIX(1, 0, 0)')
MUXDEMUX_CONFIG(demux_priv_1, 1, LIST_NONEWLINE(`', `matrix1'))
