pushdef(`i', 1)
