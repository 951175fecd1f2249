# tests/bench/probes_bench.cmake: bench_probes (issue 11). Owner: the fit part.
# All-layer logistic probes on fp16 states against sklearn LogisticRegression(lbfgs):
#   cmake --build build --target bench_probes && build/tests/bench/bench_probes \
#       [--layers 32] [--items 20000] [--dim 4096] [--cold] [--no-reference]
add_executable(bench_probes bench_probes.cpp)
target_link_libraries(bench_probes PRIVATE assay_core)
target_compile_definitions(bench_probes PRIVATE ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_PROBES_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bench_probes_reference.py")
assay_target_defaults(bench_probes)
