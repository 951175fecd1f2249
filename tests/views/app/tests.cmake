# app: the window, sessions, the file inspector and `assay render` (label "app"). Widgets need a
# QApplication, so app/test_main.cpp provides main (gtest_main's is then not linked in).
set(assay_app_test_sources
  app/test_main.cpp
  app/fake_view.h
  app/run_assay.h
  app/file_inspector_test.cpp
  app/session_file_test.cpp
  app/main_window_test.cpp
  app/render_command_test.cpp
  app/calibration_app_test.cpp
  app/view_list_test.cpp
  app/figure_layout_test.cpp
  common/svg_text_layout.h common/svg_text_layout.cpp)
assay_add_test_executable(assay_tests_app app ${assay_app_test_sources})
target_link_libraries(assay_tests_app PRIVATE assay_app)
# The CLI tests run the built executable.
target_compile_definitions(assay_tests_app PRIVATE ASSAY_EXECUTABLE="$<TARGET_FILE:assay>")
add_dependencies(assay_tests_app assay)
