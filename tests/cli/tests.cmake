assay_add_test_executable(assay_tests_cli cli cli_run_test.cpp)
target_link_libraries(assay_tests_cli PRIVATE assay_core)
target_compile_definitions(assay_tests_cli PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli assay-run)
