# tests/core/explain/lime_tests.cmake. Owner: the lime part.
# The weighted ridge against sklearn and an independent solve, LIME tabular / text / image against
# lime 0.2.0.1's documented steps (lime_reference.py writes them out in NumPy), grid and
# quickshift superpixels (quickshift against skimage at test time).
assay_add_test_executable(assay_tests_explain_lime core
  explain/lime_ridge_test.cpp
  explain/lime_tabular_test.cpp
  explain/lime_masks_test.cpp
  explain/lime_segmentation_test.cpp)
target_link_libraries(assay_tests_explain_lime PRIVATE assay_core)
