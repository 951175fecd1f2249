target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runtime.cpp)
# Provenance reads the device and parallelFor the thread count (computeThreads(), from LibTorch's
# set-up), so they live in assay_core although their files sit with the base.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../core/provenance.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../core/parallel.cpp)
