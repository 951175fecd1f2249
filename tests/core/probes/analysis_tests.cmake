# tests/core/probes/analysis_tests.cmake (see tests.cmake). Owner: the analysis part.
# The Jacobi solvers, PCA and Procrustes against plain references (analysis_reference.h).
assay_add_test_executable(assay_tests_probes_analysis core
  probes/pca_procrustes_test.cpp)
target_link_libraries(assay_tests_probes_analysis PRIVATE assay_core)
target_include_directories(assay_tests_probes_analysis PRIVATE ${PROJECT_SOURCE_DIR}
  ${PROJECT_SOURCE_DIR}/core/src/probes)
