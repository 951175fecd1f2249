# core/src/prune/demo.cmake (see sources.cmake): the Pruning demo model.
# In the LibTorch module (training, gradients and the fine-tune need autograd; the task is plain
# C++ but only the model uses it):
assay_torch_sources(
  ${CMAKE_CURRENT_LIST_DIR}/prune_demo_task.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prune_demo_net.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prune_demo_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prune_demo_entry.cpp)
# In assay_core: the call into the module (or the direct call when LibTorch is linked).
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/prune_demo_factory.cpp)
