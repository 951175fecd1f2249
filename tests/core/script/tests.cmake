# TorchScript loader tests (modules built and saved in C++ by the LibTorch module), and the
# vision encoder on a prepared image (core/src/tokens/encoder.cmake).
assay_add_test_executable(assay_tests_script core
  script/script_module_test.cpp
  script/image_encoder_test.cpp)
target_link_libraries(assay_tests_script PRIVATE assay_core)
target_include_directories(assay_tests_script PRIVATE ${PROJECT_SOURCE_DIR}/core/src/script)
