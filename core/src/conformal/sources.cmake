target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/scored_items.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scored_item_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/radix_sort.cpp
  ${CMAKE_CURRENT_LIST_DIR}/split_conformal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/count_at_least.cpp
  ${CMAKE_CURRENT_LIST_DIR}/split_evaluation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random_splits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coverage_curves.cpp
  ${CMAKE_CURRENT_LIST_DIR}/split_sweep.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cross_domain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/calibration_analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/calibration_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/calibration_json.cpp)
