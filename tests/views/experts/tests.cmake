# The Experts view on its trained demo, driven as a user would (label views; the canvas click
# test needs OpenGL: it runs under xvfb-run and skips on the offscreen platform).
add_executable(assay_tests_view_experts common/test_main.cpp experts/experts_view_test.cpp)
target_link_libraries(assay_tests_view_experts PRIVATE assay_view_experts assay_core Qt6::Test GTest::gtest)
set_target_properties(assay_tests_view_experts PROPERTIES AUTOMOC ON)
assay_target_defaults(assay_tests_view_experts)
gtest_discover_tests(assay_tests_view_experts DISCOVERY_MODE PRE_TEST PROPERTIES LABELS views RESOURCE_LOCK display DISCOVERY_TIMEOUT 60)
