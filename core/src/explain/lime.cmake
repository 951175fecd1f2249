# core/src/explain/lime.cmake (see sources.cmake). Owner: the lime part.
#   ridge, ridge_binary the weighted ridge surrogate (sklearn Ridge with sample weights); its
#                       per-pattern form for 0/1 designs
#   lime_fit            kernel weights + one ridge per label, from given samples
#   lime_tabular_stats  training statistics and quartile bins
#   lime_truncated_normal  the in-bin draws (lime_tabular_bins.h)
#   lime_tabular        tabular samples and limeTabular
#   lime_masks          text and image masks, limeText, limeImage
#   segmentation_grid   grid superpixels and segment mean colours
#   quickshift          skimage's quickshift in core
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ridge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ridge_binary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lime_fit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lime_tabular_stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lime_truncated_normal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lime_tabular.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lime_masks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/segmentation_grid.cpp
  ${CMAKE_CURRENT_LIST_DIR}/quickshift.cpp)
