# core/src/tokens/base.cmake: the Token windows view's file readers, in assay_core_base (no
# LibTorch; the fuzz build links them): images (stb) and patch features.
