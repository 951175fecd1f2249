# core/src/prune/engine.cmake (see sources.cmake): the Pruning engine.
# ATen parts (MoE block forward, activation / weight / gradient statistics): in the LibTorch module,
# reached through assay_torch_make_prune_engine (prune_engine.h).
assay_torch_sources(
  ${CMAKE_CURRENT_LIST_DIR}/engine_tensors.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_block.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_activations.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_weights.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_gradients.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_entry.cpp)
# Plain C++ (assay_core): the model handle, criteria assembly, procedures, evaluation.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/prune_engine_access.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pruning_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pruning_model_sources.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pruning_model_checkpoint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pruning_model_trace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pruning_model_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/criteria_inference.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compute_criteria.cpp
  ${CMAKE_CURRENT_LIST_DIR}/procedures.cpp
  ${CMAKE_CURRENT_LIST_DIR}/evaluation.cpp)
