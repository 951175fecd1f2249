# tests/cli/probes_cli.cmake: assay-run probe / steer / transfer / preference. Owner: the io part.
# Outputs against the core API and plain references, the demo, bad input (exit 2, nothing
# written); and the README's capture script (--synthetic, Debian's NumPy) run through probe and
# steer as a user would.
assay_add_test_executable(assay_tests_cli_probes cli probes_cli_test.cpp)
target_link_libraries(assay_tests_cli_probes PRIVATE assay_core)
target_include_directories(assay_tests_cli_probes PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(assay_tests_cli_probes PRIVATE ASSAY_RUN_EXE="$<TARGET_FILE:assay-run>")
add_dependencies(assay_tests_cli_probes assay-run)
set(probes_py ${PROJECT_SOURCE_DIR}/resources/python/capture_hidden_states.py)
add_test(NAME cli.probes_capture_probe_steer
  COMMAND sh -c "set -e; rm -rf \"$0/probes_capture\"; /usr/bin/python3 '${probes_py}' --synthetic \"$0/probes_capture\"
    \"$1\" probe --states \"$0/probes_capture/states.safetensors\" --out \"$0/probes_capture/probe.safetensors\" >/dev/null
    \"$1\" inspect \"$0/probes_capture/probe.safetensors\" | grep -q probe_direction
    \"$1\" steer --states \"$0/probes_capture/states.safetensors\" --probe \"$0/probes_capture/probe.safetensors\" --alpha=-2:2:5 --out \"$0/probes_capture/steer.json\" >/dev/null
    grep -q flipped_share \"$0/probes_capture/steer.json\""
  ${CMAKE_CURRENT_BINARY_DIR} $<TARGET_FILE:assay-run>)
set_tests_properties(cli.probes_capture_probe_steer PROPERTIES LABELS cli)
