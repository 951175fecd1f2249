# assay-run prune on the demo (mask.json / curve.json checked against the mask format and the
# sparsity asked for), bad input (exit 2, nothing written), and tiny checkpoints of each family
# (tests/core/prune/tiny_checkpoint.h) round-tripping through --export-checkpoint.
assay_add_test_executable(assay_tests_cli_prune cli prune_cli_test.cpp
  ${PROJECT_SOURCE_DIR}/tests/core/prune/tiny_checkpoint.cpp)
target_link_libraries(assay_tests_cli_prune PRIVATE assay_core)
target_include_directories(assay_tests_cli_prune PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(assay_tests_cli_prune PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli_prune assay-run)
