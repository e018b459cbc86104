dnl SOF's concat is `$1$2': M4 drops a third argument
define(`PORT', 1)
define(`LINK', concat(`SSP', PORT, `-Codec'))
