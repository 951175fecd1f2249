# sources of area demo
