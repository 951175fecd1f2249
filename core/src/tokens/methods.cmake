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
# The sanitizer build keeps its -O1: GCC 12 crashes (internal compiler error in its IPA pass) on
# linear_decoder.cpp with -O2/-O3 and -fsanitize=address,undefined.
set(assay_tokens_loop_flags "-O3;-ffp-contract=off")
if(ASSAY_SANITIZE)
  set(assay_tokens_loop_flags "-ffp-contract=off")
endif()
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/reduction_kernels.cpp PROPERTIES
  COMPILE_OPTIONS "${assay_tokens_loop_flags}")
