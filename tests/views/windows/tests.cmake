# The Token windows view on its trained demo, on python3-skimage's photographs and on a features
# file, driven as a user would: a click on a window highlights exactly its members (checked
# against an explicit loop and core's own reduction), the guide played step by step, refusals,
# exports of every figure (the QPainter overlay in PNG, SVG, PDF, CSV).
assay_add_test_executable(assay_tests_view_windows views common/test_main.cpp
  windows/windows_view_test.cpp windows/windows_inputs_test.cpp)
target_link_libraries(assay_tests_view_windows PRIVATE assay_view_windows assay_core)
