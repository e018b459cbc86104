dnl the SSP data of the board, as an argument list: M4 splits it where it is read
define(`BOARD_SSP_DATA', `SSP, 1, 24, 0, 0, 10')
