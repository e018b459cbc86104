ifdef(`LEFT', `define(`SIDE', `Left')', `define(`SIDE', `Right')')
dnl M4 defines Left or Right, depending on LEFT
define(SIDE, 1)
