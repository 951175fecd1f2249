target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runtime.cpp)
if(ASSAY_TORCH_ON_DEMAND)
  # LibTorch through the module (core/CMakeLists.txt): its loader and the calls that go to it.
  target_sources(assay_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/torch_module.cpp
    ${CMAKE_CURRENT_LIST_DIR}/moe_demo_on_demand.cpp)
endif()
# Provenance reads the device and parallelFor the thread count (computeThreads(), from LibTorch's
# set-up), so they live in assay_core although their files sit with the base.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../core/provenance.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../core/partial_result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../core/parallel.cpp)
