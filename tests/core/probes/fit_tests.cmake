# tests/core/probes/fit_tests.cmake (see tests.cmake). Owner: the fit part.
# Logistic probes against a dense Newton solve of sklearn's objective (and sklearn itself when
# /usr/bin/python3 has it), metrics against brute force, all-layer training against layer-by-layer
# fits (fit_test_util.h holds the references).
assay_add_test_executable(assay_tests_probes_fit core
  probes/logistic_probe_test.cpp probes/probe_metrics_test.cpp probes/probe_training_test.cpp)
target_link_libraries(assay_tests_probes_fit PRIVATE assay_core)
target_include_directories(assay_tests_probes_fit PRIVATE ${PROJECT_SOURCE_DIR})
