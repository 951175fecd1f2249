# The Experts command lines on the README's capture snippet (Debian's Python, NumPy only).
set(moe_py ${PROJECT_SOURCE_DIR}/resources/python/capture_moe_trace.py)
add_test(NAME cli.moe_capture_coactivation_c2r
  COMMAND sh -c "set -e; /usr/bin/python3 '${moe_py}' \"$0/moe.safetensors\" >/dev/null
    \"$1\" coactivation --trace \"$0/moe.safetensors\" --out \"$0/co.safetensors\" >/dev/null
    \"$1\" inspect \"$0/co.safetensors\" | grep -q 'layers.1.coactivation'
    \"$1\" c2r --trace \"$0/moe.safetensors\" --top-t 3 --devices 4 --out \"$0/c2r.json\" >/dev/null
    grep -q dispatch \"$0/c2r.json\"
    \"$1\" c2r --trace \"$0/moe.safetensors\" --T 3 --no-sweep --out \"$0/c2r_old_spelling.json\" >/dev/null"
  ${CMAKE_CURRENT_BINARY_DIR} $<TARGET_FILE:assay-run>)
set_tests_properties(cli.moe_capture_coactivation_c2r PROPERTIES LABELS cli)
if(ASSAY_GUI)
  add_test(NAME cli.moe_render_experts_from_captured_trace
    COMMAND sh -c "set -e; /usr/bin/python3 '${moe_py}' \"$0/moe2.safetensors\" >/dev/null
      \"$1\" render experts --input \"$0/moe2.safetensors\" --figure heatmap --out \"$0/heatmap.svg\" 2>/dev/null
      grep -q 'partner j' \"$0/heatmap.svg\""
    ${CMAKE_CURRENT_BINARY_DIR} $<TARGET_FILE:assay>)
  set_tests_properties(cli.moe_render_experts_from_captured_trace PROPERTIES LABELS cli)
  # assay-run results (one run, a merge of shards) open in the Experts view: 64 experts, 32 layers.
  add_test(NAME cli.moe_results_render_as_the_trace
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/result_render_test.sh ${CMAKE_CURRENT_BINARY_DIR}/results
            $<TARGET_FILE:assay> $<TARGET_FILE:assay-run> ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli.moe_results_render_as_the_trace PROPERTIES LABELS cli)
endif()
# A file that is not a routing trace: exit code 2, the tensor named, nothing written.
add_test(NAME cli.moe_bad_trace_exits_2
  COMMAND sh -c "/usr/bin/python3 '${moe_py}' \"$0/ok.safetensors\" >/dev/null; \"$1\" conformal --demo --out \"$0/not_a_trace.safetensors\" >/dev/null;
    \"$1\" coactivation --trace \"$0/not_a_trace.safetensors\" --out \"$0/bad.json\" 2>\"$0/err.txt\"; code=$?;
    test $code -eq 2 && grep -q topk_idx \"$0/err.txt\" && test ! -e \"$0/bad.json\""
  ${CMAKE_CURRENT_BINARY_DIR} $<TARGET_FILE:assay-run>)
set_tests_properties(cli.moe_bad_trace_exits_2 PROPERTIES LABELS cli)
