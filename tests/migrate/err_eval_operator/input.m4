define(`BUF', eval(2 ** 10))
