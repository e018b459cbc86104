define(`BOARD_ID', 7)
