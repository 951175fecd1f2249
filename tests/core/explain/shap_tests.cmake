# tests/core/explain/shap_tests.cmake. Owner: the shap part (assay_add_test_executable(assay_tests_explain_shap core ...)).
