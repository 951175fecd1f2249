# tests/core/probes/analysis_tests.cmake (see tests.cmake). Owner: the analysis part.
# The Jacobi solvers, PCA and Procrustes, directions and steering, caption scores and preference
# separability, ComnHallu transfer and analyseProbes, against plain references
# (analysis_reference.h).
assay_add_test_executable(assay_tests_probes_analysis core
  probes/pca_procrustes_test.cpp
  probes/directions_steering_test.cpp
  probes/captions_preference_test.cpp
  probes/transfer_test.cpp
  probes/probes_analysis_test.cpp)
target_link_libraries(assay_tests_probes_analysis PRIVATE assay_core)
target_include_directories(assay_tests_probes_analysis PRIVATE ${PROJECT_SOURCE_DIR}
  ${PROJECT_SOURCE_DIR}/core/src/probes)
