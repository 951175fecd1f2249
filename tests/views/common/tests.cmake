# views/common: the kit (settings, controls, view base), job runner, export, themes, guide, registry.
assay_add_test_executable(assay_tests_views_common views
  common/test_main.cpp
  common/job_runner_test.cpp
  common/plot_export_test.cpp
  common/plot_theme_test.cpp
  common/guide_panel_test.cpp
  common/view_registry_test.cpp
  common/settings_spec_test.cpp
  common/view_kit_test.cpp
  common/plot_colour_scale_test.cpp
  common/plot_heatmap_test.cpp
  common/plot_series_test.cpp
  common/svg_text_layout.h common/svg_text_layout.cpp
  common/data/test_guides.qrc)
target_link_libraries(assay_tests_views_common PRIVATE assay_views_common)
target_compile_definitions(assay_tests_views_common PRIVATE
  ASSAY_VIEWS_COMMON_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/common/data")

# The graph canvas: the QPainter export path (any platform) and the OpenGL widget (label gl:
# needs a display, e.g. xvfb-run; skipped on the offscreen platform).
assay_add_test_executable(assay_tests_graph gl
  common/test_main.cpp common/graph_painter_test.cpp common/graph_canvas_test.cpp)
target_link_libraries(assay_tests_graph PRIVATE assay_views_common)
