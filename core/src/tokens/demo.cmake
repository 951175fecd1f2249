# core/src/tokens/demo.cmake (see sources.cmake): the Token windows demo.
# In the LibTorch module (training needs autograd):
assay_torch_sources(
  ${CMAKE_CURRENT_LIST_DIR}/windows_demo_net.cpp)
# In assay_core: the scenes (plain C++), WindowsDemo, and the call into the module (or the direct
# call when LibTorch is linked).
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/windows_demo_scenes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/windows_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/windows_demo_factory.cpp)
