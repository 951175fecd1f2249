# Pruning io tests (core/src/prune/io.cmake, hidden states, the streamed safetensors writer, the
# Python capture of tests/prune_capture). tiny_checkpoint.{h,cpp} is a helper others reuse:
#   target_sources(<their test> PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tiny_checkpoint.cpp)
assay_add_test_executable(assay_tests_prune_io core
  prune/checkpoint_errors_test.cpp
  prune/checkpoint_export_test.cpp
  prune/checkpoint_load_test.cpp
  prune/expert_mask_test.cpp
  prune/hidden_states_test.cpp
  prune/prune_capture_test.cpp
  prune/safetensors_stream_test.cpp
  prune/tiny_checkpoint.cpp)
target_link_libraries(assay_tests_prune_io PRIVATE assay_core)
