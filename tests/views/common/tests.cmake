# views/common: one GoogleTest executable with its own main, because widgets need a QApplication
# (assay_add_test_executable would link gtest_main; its other settings are repeated here).
add_executable(assay_tests_views_common
  common/test_main.cpp
  common/job_runner_test.cpp
  common/plot_export_test.cpp
  common/plot_theme_test.cpp
  common/guide_panel_test.cpp
  common/view_registry_test.cpp
  common/data/test_guides.qrc)
target_link_libraries(assay_tests_views_common PRIVATE assay_views_common Qt6::Test GTest::gtest)
target_compile_definitions(assay_tests_views_common PRIVATE
  ASSAY_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ASSAY_BINARY_DIR="${PROJECT_BINARY_DIR}"
  ASSAY_VIEWS_COMMON_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/common/data")
set_target_properties(assay_tests_views_common PROPERTIES AUTOMOC ON AUTORCC ON)
assay_target_defaults(assay_tests_views_common)
# Discovered when run (under xvfb-run), since the build may have no display.
gtest_discover_tests(assay_tests_views_common DISCOVERY_MODE PRE_TEST
                     PROPERTIES LABELS views RESOURCE_LOCK display DISCOVERY_TIMEOUT 60)

# The graph canvas: the QPainter export path (any platform) and the OpenGL widget (label gl:
# needs a display, e.g. xvfb-run; skipped on the offscreen platform).
add_executable(assay_tests_graph common/test_main.cpp common/graph_painter_test.cpp common/graph_canvas_test.cpp)
target_link_libraries(assay_tests_graph PRIVATE assay_views_common Qt6::Test GTest::gtest)
set_target_properties(assay_tests_graph PROPERTIES AUTOMOC ON)
assay_target_defaults(assay_tests_graph)
gtest_discover_tests(assay_tests_graph DISCOVERY_MODE PRE_TEST PROPERTIES LABELS gl RESOURCE_LOCK display DISCOVERY_TIMEOUT 60)
