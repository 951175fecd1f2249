target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runtime.cpp)
