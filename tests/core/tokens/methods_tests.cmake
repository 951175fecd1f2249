# tests/core/tokens/methods_tests.cmake (see tests.cmake): window geometry, WiCo / pooling / 1-D
# concatenation, ToMe, CLS selection and group similarity against brute-force loops.
assay_add_test_executable(assay_tests_tokens_methods core
  tokens/window_geometry_test.cpp
  tokens/window_concat_test.cpp
  tokens/tome_cls_test.cpp)
target_link_libraries(assay_tests_tokens_methods PRIVATE assay_core)
target_include_directories(assay_tests_tokens_methods PRIVATE ${PROJECT_SOURCE_DIR}/core/src/tokens)
