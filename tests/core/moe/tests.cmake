assay_add_test_executable(assay_tests_moe core
  moe/coactivation_test.cpp moe/coactivation_stats_test.cpp moe/trace_loader_test.cpp
  moe/moe_demo_test.cpp moe/c2r_test.cpp moe/placement_test.cpp moe/graph_layout_test.cpp moe/collaboration_file_test.cpp
  moe/collaboration_analysis_test.cpp)
target_link_libraries(assay_tests_moe PRIVATE assay_core)
