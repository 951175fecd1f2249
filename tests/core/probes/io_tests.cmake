# tests/core/probes/io_tests.cmake: the Probes readers (core/src/probes/base.cmake): labelled
# states (both layouts, every float dtype, malformed files), row views, splits and folds,
# preference pairs, captions, the probe file and io's .npz writer (checked with NumPy too).
# probe_io_test_util.h is a helper other parts' tests may include (a labelled states file).
assay_add_test_executable(assay_tests_probes_io core
  probes/capture_states_test.cpp
  probes/captions_test.cpp
  probes/npz_write_test.cpp
  probes/preference_pairs_test.cpp
  probes/probe_dataset_test.cpp
  probes/probe_file_test.cpp
  probes/probe_split_test.cpp)
target_link_libraries(assay_tests_probes_io PRIVATE assay_core_base)
