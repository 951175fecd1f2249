# tests/core/probes/demo_tests.cmake (see tests.cmake): the Probes demo (core/src/probes/demo.cmake):
# its states, sets, captions and files, and the claims the guide makes about them.
assay_add_test_executable(assay_tests_probes_demo core
  probes/demo_test.cpp
  probes/demo_task_test.cpp
  probes/demo_claims_test.cpp
  probes/demo_core_claims_test.cpp
  probes/demo_test_util.cpp)
target_link_libraries(assay_tests_probes_demo PRIVATE assay_core)
# The task's internal header (demo_task_test.cpp).
target_include_directories(assay_tests_probes_demo PRIVATE ${PROJECT_SOURCE_DIR}/core/src/probes)
