# core/src/explain/iq.cmake (see sources.cmake). Owner: the iq part. Add files below.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/iq_stubs.cpp)
