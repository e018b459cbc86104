dnl A NAME_CASE word nothing defines is text to M4: it stays text (quoted)
dnl in .topo, where a bare NAME_CASE word would be a reference.
define(`SCHED', SCHEDULE_TIME_DOMAIN_TIMER)
VIRTUAL_WIDGET(NOT_USED_IGNORED, output, 1)
