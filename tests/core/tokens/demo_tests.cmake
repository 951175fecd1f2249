# tests/core/tokens/demo_tests.cmake (see tests.cmake): the Token windows demo
# (core/src/tokens/demo.cmake): scenes, the trained encoder, and the claims the guide makes.
assay_add_test_executable(assay_tests_tokens_demo core
  tokens/windows_demo_scenes_test.cpp
  tokens/windows_demo_test.cpp
  tokens/windows_demo_claims_test.cpp
  tokens/windows_demo_photo_test.cpp
  tokens/windows_demo_test_util.cpp)
target_link_libraries(assay_tests_tokens_demo PRIVATE assay_core)
target_include_directories(assay_tests_tokens_demo PRIVATE ${PROJECT_SOURCE_DIR}/core/src/tokens)
