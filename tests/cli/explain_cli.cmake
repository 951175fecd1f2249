# tests/cli/explain_cli.cmake: assay-run explain / inversion (issue 12). Owner: the cli part.
# Small inputs written by the tests against enumerated Shapley values and the core API; the real
# breast-cancer table (converted at test time by Debian's /usr/bin/python3 with sklearn,
# resources/python/breast_cancer_csv.py) with a logistic model assay-run fits; bad input (exit 2,
# nothing written).
assay_add_test_executable(assay_tests_cli_explain cli
  explain_cli_test.cpp explain_real_data_test.cpp explain_inversion_cli_test.cpp
  explain_shard_cli_test.cpp)
target_link_libraries(assay_tests_cli_explain PRIVATE assay_core)
target_include_directories(assay_tests_cli_explain PRIVATE ${PROJECT_SOURCE_DIR}
  ${PROJECT_SOURCE_DIR}/core/src/script)
target_compile_definitions(assay_tests_cli_explain PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli_explain assay-run)
