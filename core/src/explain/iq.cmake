# core/src/explain/iq.cmake (see sources.cmake). Owner: the iq part.
# IQ / RBP metrics, pokes and stability; the synthetic sets, their trained models; the analysis.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/inversion_metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/poke.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stability.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mlp_train.cpp
  ${CMAKE_CURRENT_LIST_DIR}/synthetic_set.cpp
  ${CMAKE_CURRENT_LIST_DIR}/synthetic_tabular.cpp
  ${CMAKE_CURRENT_LIST_DIR}/synthetic_image.cpp
  ${CMAKE_CURRENT_LIST_DIR}/synthetic_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/train_synthetic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inversion_explain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inversion_analysis.cpp)
