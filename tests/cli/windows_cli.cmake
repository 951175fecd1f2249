# assay-run windows: outputs checked against plain references (tests/core/tokens/
# analysis_reference.h), bad input (exit 2, nothing written), an image's geometry on
# python3-skimage's photographs (read at test time, skipped when the package is missing).
assay_add_test_executable(assay_tests_cli_windows cli windows_cli_test.cpp)
target_link_libraries(assay_tests_cli_windows PRIVATE assay_core)
target_include_directories(assay_tests_cli_windows PRIVATE ${PROJECT_SOURCE_DIR}
                           ${PROJECT_SOURCE_DIR}/core/src/script)  # saveScriptModule
target_compile_definitions(assay_tests_cli_windows PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli_windows assay-run)
