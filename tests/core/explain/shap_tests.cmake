# tests/core/explain/shap_tests.cmake. Owner: the shap part.
# Models, maskers, coalition values, exact Shapley, KernelSHAP (against exact Shapley, and its
# pieces against shap 0.46's own code and sklearn's LassoLarsIC run by /usr/bin/python3 from
# shap_kernel_reference.py when it has them), k-means backgrounds and explainRows.
assay_add_test_executable(assay_tests_explain_shap core
  explain/shap_model_test.cpp
  explain/shap_exact_test.cpp
  explain/shap_kernel_test.cpp
  explain/shap_rows_test.cpp)
target_link_libraries(assay_tests_explain_shap PRIVATE assay_core)
target_include_directories(assay_tests_explain_shap PRIVATE
  ${PROJECT_SOURCE_DIR}/core/src/script ${PROJECT_SOURCE_DIR}/core/src/explain)
