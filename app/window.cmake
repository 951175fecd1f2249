# assay: the window and `assay render`. Everything but main.cpp is the static library assay_app,
# which the app tests (tests/views/app) link too.
add_library(assay_app STATIC
  view_list.h view_list.cpp
  app_style.h app_style.cpp
  main_window.h main_window.cpp main_window_menus.cpp
  job_status.h job_status.cpp
  log_panel.h log_panel.cpp
  file_inspector.h file_inspector.cpp
  role_mapping.h role_mapping.cpp
  export_dialog.h export_dialog.cpp
  recent_files.h recent_files.cpp
  session_file.h session_file.cpp
  render_command.h render_command.cpp
  window_capture.h window_capture.cpp
  ${PROJECT_SOURCE_DIR}/resources/app.qrc)
set_target_properties(assay_app PROPERTIES AUTOMOC ON AUTORCC ON)
target_include_directories(assay_app PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(assay_app PUBLIC assay_views_common assay_core CLI11::CLI11)
# The views the app offers (app/view_list.cpp): each view's CMakeLists adds its library.
get_property(assay_view_libraries GLOBAL PROPERTY ASSAY_VIEW_LIBRARIES)
target_link_libraries(assay_app PUBLIC ${assay_view_libraries})
assay_target_defaults(assay_app)

add_executable(assay main.cpp)
set_target_properties(assay PROPERTIES OUTPUT_NAME assay)
target_link_libraries(assay PRIVATE assay_app)
assay_target_defaults(assay)
install(TARGETS assay RUNTIME DESTINATION bin)
