# tests/core/explain/iq_tests.cmake. Owner: the iq part (assay_add_test_executable(assay_tests_explain_iq core ...)).
