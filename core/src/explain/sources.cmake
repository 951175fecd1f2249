# The Inversion view's core (papers.md §7: LIME, KernelSHAP, IQ, RBP), core/include/assay/explain,
# in parts, each in assay_core (plain C++; TorchScript models go through core/script_module.h):
#   shap.cmake  models (model.h), maskers and coalition values (masker.h), exact Shapley and
#               KernelSHAP (shapley.h), k-means backgrounds, many rows as one job (explain_rows.h)
#   lime.cmake  LIME tabular / text / image and the weighted ridge (lime.h), superpixels
#               (segmentation.h)
#   iq.cmake    IQ and RBP metrics, pokes, stability (inversion_metrics.h), the synthetic sets and
#               their trained clean / shortcut models (synthetic.h), the analysis the view and
#               `assay-run inversion` share (inversion_analysis.h)
include(${CMAKE_CURRENT_LIST_DIR}/shap.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/lime.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/iq.cmake)
