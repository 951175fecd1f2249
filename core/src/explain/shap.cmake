# core/src/explain/shap.cmake (see sources.cmake). Owner: the shap part. Add files below.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/shap_stubs.cpp)
