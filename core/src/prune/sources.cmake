# The Pruning view's core (papers.md §2, MC-Suite), in three parts:
#   io.cmake      Hugging Face checkpoints, hidden states, masks, pruned-checkpoint export
#   engine.cmake  the MoE block forward, the 16 criteria, procedures, evaluation (LibTorch parts
#                 through assay_torch_sources())
#   demo.cmake    the demo model (training, fine-tuning, gradients: in the LibTorch module)
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/criteria_names.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/io.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/engine.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/demo.cmake)
