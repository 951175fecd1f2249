# core/src/explain/lime.cmake (see sources.cmake). Owner: the lime part. Add files below.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/lime_stubs.cpp)
