# tests/core/explain/lime_tests.cmake. Owner: the lime part (assay_add_test_executable(assay_tests_explain_lime core ...)).
