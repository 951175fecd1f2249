# sources of area io
