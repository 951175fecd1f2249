# core/src/explain/shap.cmake (see sources.cmake). Owner: the shap part.
# Models (model_*), maskers and coalition values, exact Shapley, KernelSHAP (coalitions, solve,
# the Lasso-AIC selection), k-means backgrounds, explainRows.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/model_link.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_linear.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_mlp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_function.cpp
  ${CMAKE_CURRENT_LIST_DIR}/masker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coalition_values.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shapley_exact.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_shap_coalitions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_shap_solve.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_shap_lasso.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_shap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kmeans_background.cpp
  ${CMAKE_CURRENT_LIST_DIR}/explain_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/explanation_parts.cpp)
