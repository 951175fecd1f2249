# core/src/probes/demo.cmake (see sources.cmake): the Probes demo (probes_demo.h).
# In the LibTorch module (training needs autograd):
assay_torch_sources(
  ${CMAKE_CURRENT_LIST_DIR}/probes_demo_net.cpp)
# In assay_core: the task, the preference sets and captions (plain C++), ProbesDemo, its files,
# and the call into the module (or the direct call when LibTorch is linked).
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/probes_demo_task.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probes_demo_sets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probes_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probes_demo_files.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probes_demo_factory.cpp)
