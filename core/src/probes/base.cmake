# core/src/probes/base.cmake: the Probes view's file readers, in assay_core_base (no LibTorch; the
# fuzz build links them): labelled hidden states (probe_dataset.h), preference pairs, captions
# (JSON Lines + per-token states), the probe file (probe_file.h) and io's .npz writer.
# Owner: the io part. Add files below.
target_sources(assay_core_base PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/caption_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/captions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preference_pairs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_dataset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_split.cpp)
