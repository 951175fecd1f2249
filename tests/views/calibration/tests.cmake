# The Calibration view driven as a user would (QTest), under xvfb-run or offscreen.
assay_add_test_executable(assay_tests_view_calibration views
  common/test_main.cpp
  calibration/calibration_view_test.cpp
  calibration/calibration_guide_test.cpp
  calibration/calibration_figures_test.cpp
  calibration/calibration_heatmap_layout_test.cpp
  common/svg_text_layout.h common/svg_text_layout.cpp)
target_link_libraries(assay_tests_view_calibration PRIVATE assay_view_calibration assay_core)
