target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runtime.cpp)
# Provenance reads the device, so it lives in assay_core although its file sits with the base.
target_sources(assay_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../core/provenance.cpp)
