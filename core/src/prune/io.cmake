# core/src/prune/io.cmake (see sources.cmake): Hugging Face MoE checkpoints (config.json, shards,
# layer views, the pruned export) and mask.json. No LibTorch: all in assay_core.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_directory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/expert_mask.cpp
  ${CMAKE_CURRENT_LIST_DIR}/expert_mask_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moe_checkpoint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moe_weights.cpp)
