# core/src/tokens/analysis.cmake (see sources.cmake): reconstruction and WiCo+ upsampling, the
# least-squares decoder over a batch, the budget table and the per-image / batch analyses. Plain
# C++ (core/parallel), no LibTorch: in assay_core.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/reconstruction.cpp
  ${CMAKE_CURRENT_LIST_DIR}/linear_decoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_budget.cpp
  ${CMAKE_CURRENT_LIST_DIR}/windows_analysis.cpp)
# The decoder's accumulation and solves are long loops along rows: vectorised (-O3), with no
# multiply-add fused by the compiler so the numbers match on every x86-64 build.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/linear_decoder.cpp PROPERTIES
  COMPILE_OPTIONS "${assay_tokens_loop_flags}")
