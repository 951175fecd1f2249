# core/src/probes/fit.cmake (see sources.cmake). Owner: the fit part.
# Logistic probes (sklearn's objective; one-pass loss+gradient kernel over row blocks, L-BFGS),
# detector metrics and the all-layer training with CV and warm starts. Plain C++ on core/parallel,
# no LibTorch: in assay_core.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/row_kernels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lbfgs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logistic_objective.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logistic_probe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_training.cpp)
