# tests/core/prune/demo_tests.cmake: the Pruning demo model (core/src/prune/demo.cmake).
assay_add_test_executable(assay_tests_prune_demo core
  prune/prune_demo_test.cpp
  prune/prune_demo_claim_test.cpp
  prune/prune_demo_test_util.cpp)
target_link_libraries(assay_tests_prune_demo PRIVATE assay_core)
target_include_directories(assay_tests_prune_demo PRIVATE ${PROJECT_SOURCE_DIR}/core/src/prune)
