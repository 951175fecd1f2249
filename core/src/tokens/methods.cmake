# core/src/tokens/methods.cmake (see sources.cmake): window geometry, WiCo concatenation and the
# baselines (pooling, 1-D concatenation, ToMe, CLS selection), group similarity. Plain C++ (no
# LibTorch), in assay_core.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/window_geometry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_reduction.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tome_merge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reduction_kernels.cpp)
# The inner loops: vectorised (-O3), and no multiply-add fused by the compiler, so the AVX2 and the
# portable clones give the same bits (reduction_kernels.cpp).
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/reduction_kernels.cpp PROPERTIES
  COMPILE_OPTIONS "${assay_tokens_loop_flags}")
