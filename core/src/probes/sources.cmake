# The Probes view's core (papers.md §4, TruthPrInt / ComnHallu), in parts (base.cmake, before the
# fuzz build stops, holds the readers):
#   fit.cmake       logistic probes (one-pass loss+gradient kernel, L-BFGS), metrics, all-layer
#                   training with CV and warm starts (probe_training.h)
#   analysis.cmake  directions, steering, PCA, ComnHallu transfer, preference separability,
#                   caption scoring, the analysis the view and `assay-run probe` share
#   demo.cmake      the demo's trained networks and their states (LibTorch module)
include(${CMAKE_CURRENT_LIST_DIR}/fit.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/analysis.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/demo.cmake)
