# tests/core/tokens/analysis_tests.cmake (see tests.cmake): reconstruction and WiCo+ upsampling,
# the linear decoder and the budget table, the per-image and batch analyses, each against plain
# references (analysis_reference.h).
assay_add_test_executable(assay_tests_tokens_analysis core
  tokens/reconstruction_test.cpp tokens/decoder_budget_test.cpp tokens/windows_analysis_test.cpp)
target_link_libraries(assay_tests_tokens_analysis PRIVATE assay_core)
target_include_directories(assay_tests_tokens_analysis PRIVATE ${PROJECT_SOURCE_DIR})
