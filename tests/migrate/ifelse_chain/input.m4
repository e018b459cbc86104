ifelse(CODEC, `wm8960', `define(`MCLK', 12288000)',
       CODEC, `wm8904', `define(`MCLK', 11565177)',
       `define(`MCLK', 24576000)')

ifelse(CHANNELS, `4', `define(`PDM', `FOUR_CH')')

ifelse(`this is an M4 block comment
on two lines')
