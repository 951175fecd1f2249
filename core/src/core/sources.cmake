target_sources(assay_core_base PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random.cpp)
# Sharded runs: the split of rows and the partial results' header (JSON, so in assay_core).
target_sources(assay_core_base PRIVATE ${CMAKE_CURRENT_LIST_DIR}/shard.cpp)
# partial_result.cpp is listed in torch/sources.cmake (assay_core is declared after this file).
