define(`SPK_LINK', `BOARD_PORT')
include(`board.m4')
DAI_CONFIG(SSP, 1, 0, SPK_LINK)
