W_VENDORTUPLES(pipe_ll_schedule_plat_tokens, sof_sched_tokens,
	LIST(`		', `SOF_TKN_SCHED_MIPS	"50000"'))
define(`MAP', LIST(`	', KCONTROL_CHANNEL(FL, 1, 0), KCONTROL_CHANNEL(FR, 1, 1)))
