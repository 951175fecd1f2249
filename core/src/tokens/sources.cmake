# The Token windows view's core (papers.md §3, WiCo), in parts (base.cmake, before the fuzz
# build stops, holds the readers):
#   methods.cmake   window geometry, WiCo concatenation and the baselines, group similarity
#   analysis.cmake  reconstruction, WiCo+ upsampling, the budget table, the per-image and batch
#                   analyses the view and `assay-run windows` share
#   demo.cmake      the demo scenes and the trained patch encoder (LibTorch module)
#   encoder.cmake   a vision encoder (TorchScript, core/script) applied to a prepared image
# Flags of the long numeric loops (methods' kernels, the decoder): vectorised (-O3), no multiply-add
# fused by the compiler. The sanitizer build keeps its -O1: GCC 12 crashes (internal compiler error
# in its IPA pass) on linear_decoder.cpp with -O2/-O3 and -fsanitize=address,undefined.
set(assay_tokens_loop_flags "-O3;-ffp-contract=off")
if(ASSAY_SANITIZE)
  set(assay_tokens_loop_flags "-ffp-contract=off")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/methods.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/analysis.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/demo.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/encoder.cmake)
