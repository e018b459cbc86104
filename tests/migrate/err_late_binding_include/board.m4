define(`BOARD_PORT', `SSP1-Codec')
