dnl N_PGA(id): the name of a pipeline's volume widget
define(`N_PGA', `PGA'PIPE`.'$1)
VIRTUAL_WIDGET(N_PGA(1), out_drv, 0)
