assay_add_test_executable(assay_tests_cli cli cli_run_test.cpp)
target_sources(assay_tests_cli PRIVATE cli_files_test.cpp)  # result folders, temporaries, hashes
target_compile_definitions(assay_tests_cli PRIVATE $<$<BOOL:${ASSAY_TORCH_ON_DEMAND}>:ASSAY_TORCH_ON_DEMAND=1>)
target_link_libraries(assay_tests_cli PRIVATE assay_core)
target_compile_definitions(assay_tests_cli PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli assay-run)

# The README's capture snippet, run with Debian's Python (NumPy), and its output opened by assay-run.
add_test(NAME cli.python_capture_snippet
  COMMAND sh -c "/usr/bin/python3 '${PROJECT_SOURCE_DIR}/resources/python/capture_calibration.py' \"$0/capture.safetensors\" && \"$1\" conformal --input \"$0/capture.safetensors\" --test-group humanities --out \"$0/capture.json\" && grep -q threshold \"$0/capture.json\""
          ${CMAKE_CURRENT_BINARY_DIR} $<TARGET_FILE:assay-run>)
set_tests_properties(cli.python_capture_snippet PROPERTIES LABELS cli)
assay_add_test_executable(assay_tests_cli_c2r cli c2r_cli_test.cpp)
target_link_libraries(assay_tests_cli_c2r PRIVATE assay_core)
target_compile_definitions(assay_tests_cli_c2r PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli_c2r assay-run)

# packaging/run.sh shows the build's progress and says where the figures went.
add_test(NAME cli.run_script_shows_build COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run_script_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.run_script_shows_build PROPERTIES LABELS cli)
# Sharded runs and their merge (assay-run --shard i/N, assay-run merge).
target_sources(assay_tests_cli_c2r PRIVATE shard_merge_cli_test.cpp conformal_shard_cli_test.cpp)
target_compile_definitions(assay_tests_cli_c2r PRIVATE ASSAY_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
