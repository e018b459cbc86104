dnl the author meant a default for BOARD; M4 writes the text instead
ifdef(`BOARD', , `board-a')
include(`platform/acme/'BOARD`.m4')
