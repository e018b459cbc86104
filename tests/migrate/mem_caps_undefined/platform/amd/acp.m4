# the memory flags, but no PLATFORM_*_MEM_CAP; scheduling data
include(`memory.m4')
W_VENDORTUPLES(pipe_ll_schedule_plat_tokens, sof_sched_tokens, LIST(`		', `SOF_TKN_SCHED_MIPS	"50000"'))
W_DATA(pipe_ll_schedule_plat, pipe_ll_schedule_plat_tokens)
W_VENDORTUPLES(pipe_dai_schedule_plat_tokens, sof_sched_tokens, LIST(`		', `SOF_TKN_SCHED_MIPS	"5000"'))
W_DATA(pipe_dai_schedule_plat, pipe_dai_schedule_plat_tokens)
