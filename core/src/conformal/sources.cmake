# sources of area conformal
