# The Inversion view. assay_tests_view_inversion: its figures and the view on a hand-made
# analysis (no model trains: seconds). assay_tests_view_inversion_demo: the view on core's
# analysis (the demo as a user opens it), the guide step by step and every figure's export.
assay_add_test_executable(assay_tests_view_inversion views common/test_main.cpp
  inversion/handmade_analysis.h inversion/handmade_analysis.cpp
  inversion/inversion_figures_test.cpp inversion/inversion_view_test.cpp)
target_link_libraries(assay_tests_view_inversion PRIVATE assay_view_inversion assay_core)
assay_add_test_executable(assay_tests_view_inversion_demo views common/test_main.cpp
  inversion/inversion_demo_test.cpp)
target_link_libraries(assay_tests_view_inversion_demo PRIVATE assay_view_inversion assay_core)
