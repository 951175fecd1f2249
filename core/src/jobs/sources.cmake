target_sources(assay_core_base PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/job_context.cpp)
