# The Probes view on its trained demo, driven as a user would: changing the layer redraws the ROC
# and the histograms with that layer's numbers (checked against a brute-force ROC and double-loop
# projections of the states), the guide step by step, every figure's export, the direction
# exported and imported back (same steering, same caption scores), and the demo's files opened
# as a user's (routing by canOpen, the inputs beside the states).
assay_add_test_executable(assay_tests_view_probes views common/test_main.cpp
  probes/probes_view_test.cpp probes/probes_inputs_test.cpp)
target_link_libraries(assay_tests_view_probes PRIVATE assay_view_probes assay_core)
