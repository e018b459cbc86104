divert(-1)
dnl MY_TDM(slots, width): lines of a hardware configuration
define(`MY_TDM',
`	tdm_slots	"'$1`"'
`	tdm_slot_width	"'$2`"')
divert(0)dnl
