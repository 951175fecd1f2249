# The Pruning view on its trained demo, driven as a user would: the mask editor (drop an expert,
# the error and load figures change; restore, they come back), the guide, settings refusals,
# exports.
assay_add_test_executable(assay_tests_view_pruning views common/test_main.cpp
  pruning/pruning_view_test.cpp pruning/pruning_graph_test.cpp)
target_link_libraries(assay_tests_view_pruning PRIVATE assay_view_pruning assay_core)
