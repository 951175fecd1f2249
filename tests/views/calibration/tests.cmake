# The Calibration view driven as a user would (QTest), under xvfb-run or offscreen.
add_executable(assay_tests_view_calibration
  common/test_main.cpp
  calibration/calibration_view_test.cpp
  calibration/calibration_guide_test.cpp)
target_link_libraries(assay_tests_view_calibration PRIVATE assay_view_calibration assay_core Qt6::Test GTest::gtest)
target_compile_definitions(assay_tests_view_calibration PRIVATE ASSAY_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
set_target_properties(assay_tests_view_calibration PROPERTIES AUTOMOC ON)
assay_target_defaults(assay_tests_view_calibration)
gtest_discover_tests(assay_tests_view_calibration DISCOVERY_MODE PRE_TEST
                     PROPERTIES LABELS views RESOURCE_LOCK display DISCOVERY_TIMEOUT 60)
