# tests/core/prune/engine_tests.cmake: the Pruning engine (forward, criteria, procedures).
assay_add_test_executable(assay_tests_prune_engine core
  prune/engine_forward_test.cpp prune/engine_criteria_test.cpp prune/engine_procedure_test.cpp)
target_link_libraries(assay_tests_prune_engine PRIVATE assay_core)
