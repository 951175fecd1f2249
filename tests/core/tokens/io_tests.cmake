# tests/core/tokens/io_tests.cmake: the Token windows readers (core/src/tokens/base.cmake): images
# (decode, pad / crop, resize, normalisation, patch cover) and patch features (every layout).
# features_test_support.h and image_test_support.{h,cpp} are helpers other parts' tests may use:
#   target_sources(<their test> PRIVATE ${CMAKE_CURRENT_LIST_DIR}/image_test_support.cpp)
assay_add_test_executable(assay_tests_tokens_io core
  tokens/image_decode_test.cpp
  tokens/image_geometry_test.cpp
  tokens/image_test_support.cpp
  tokens/capture_script_test.cpp
  tokens/patch_features_test.cpp)
target_link_libraries(assay_tests_tokens_io PRIVATE assay_core_base)
# The test images are written with stb_image_write, whose JPEG encoder shifts negative values
# (undefined behaviour UBSan stops at, stbiw__jpg_writeBits): not Assay's code, only a test writer.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/image_test_support.cpp PROPERTIES
  COMPILE_OPTIONS "-fno-sanitize=shift")
