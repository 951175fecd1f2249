# tests/core/explain/iq_tests.cmake. Owner: the iq part.
# IQ / RBP metrics against hand cases and brute force, pokes through a masker, the synthetic sets
# and their trained models, and the claims of the analysis (shortcut vs clean, RBP, bounds).
assay_add_test_executable(assay_tests_explain_iq core
  explain/iq_metrics_test.cpp
  explain/iq_poke_test.cpp
  explain/iq_train_test.cpp
  explain/iq_synthetic_test.cpp
  explain/iq_analysis_test.cpp)
target_link_libraries(assay_tests_explain_iq PRIVATE assay_core)
target_include_directories(assay_tests_explain_iq PRIVATE ${PROJECT_SOURCE_DIR}/core/src/explain)
