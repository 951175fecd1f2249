assay_add_test_executable(assay_tests_conformal core
  conformal/split_conformal_test.cpp
  conformal/calibration_analysis_test.cpp
  conformal/calibration_demo_test.cpp
  conformal/calibration_input_test.cpp
  conformal/calibration_ragged_test.cpp
  conformal/scored_item_rows_test.cpp)
target_link_libraries(assay_tests_conformal PRIVATE assay_core)
target_include_directories(assay_tests_conformal PRIVATE ${PROJECT_SOURCE_DIR}/core/src/conformal)
