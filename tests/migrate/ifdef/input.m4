ifdef(`DMA_DOMAIN', `define(`DOMAIN', 0)', `define(`DOMAIN', 1)')

ifdef(`NO_HDMI', `', `
# HDMI pipelines
define(`HDMI_COUNT', 3)
')

ifdef(`2CH_2WAY', `define(`SPK_CH', 4)')
