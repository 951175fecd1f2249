# tests/cli/judge_cli.cmake: assay-run judge-fit / judge (issue 13). Votes tables written by the
# test from a seeded simulation, checked against independent computations (majority rate and the
# binomial closed form in the test, core's fitMixture on the same counts), the round trip of a
# source fit, the order column, the x/n form, bad input (exit 2, nothing written) and --demo.
assay_add_test_executable(assay_tests_cli_judge cli judge_cli_test.cpp)
target_link_libraries(assay_tests_cli_judge PRIVATE assay_core)
target_include_directories(assay_tests_cli_judge PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(assay_tests_cli_judge PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli_judge assay-run)
