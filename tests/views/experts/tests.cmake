# The Experts view on its trained demo, driven as a user would (the canvas click test needs
# OpenGL: it runs under xvfb-run and skips on the offscreen platform); the graph of large layers;
# collaboration files opened in the window.
assay_add_test_executable(assay_tests_view_experts views common/test_main.cpp experts/experts_view_test.cpp
  experts/expert_graph_test.cpp experts/experts_collab_test.cpp)
target_link_libraries(assay_tests_view_experts PRIVATE assay_view_experts assay_core)
