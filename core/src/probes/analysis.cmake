# core/src/probes/analysis.cmake (see sources.cmake). Owner: the analysis part.
# Directions, steering, PCA (randomised subspace iteration), Procrustes and ComnHallu transfer,
# preference separability, caption scoring and the analysis the view and `assay-run probe` share.
# Plain C++ (core/parallel), no LibTorch: in assay_core. The Jacobi solvers (analysis_linalg) and
# Procrustes are separate objects so they link without the training code.
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/analysis_linalg.cpp
  ${CMAKE_CURRENT_LIST_DIR}/analysis_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/caption_scores.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pca.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pca_kernels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preference_separability.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_directions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probes_analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/procrustes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/steering.cpp
  ${CMAKE_CURRENT_LIST_DIR}/subspace_transfer.cpp)
# PCA's block products (pca_kernels.cpp: AVX2+FMA intrinsics and a portable std::fma fallback)
# are long loops over register tiles: -O3, with no multiply-add fused by the compiler beyond the
# explicit ones, so both paths give the same bits. The sanitizer build keeps its own level.
set(assay_probes_analysis_flags "-O3;-ffp-contract=off")
if(ASSAY_SANITIZE)
  set(assay_probes_analysis_flags "-ffp-contract=off")
endif()
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/pca_kernels.cpp PROPERTIES
  COMPILE_OPTIONS "${assay_probes_analysis_flags}")
