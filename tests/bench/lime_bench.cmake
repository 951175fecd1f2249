# tests/bench/lime_bench.cmake: bench_lime (issue 12). Owner: the lime part.
# LIME tabular (5,000 samples per row, 100 rows, a 10-feature MLP) against NumPy on the same
# samples:
#   cmake --build build --target bench_lime && build/tests/bench/bench_lime
add_executable(bench_lime bench_lime.cpp)
target_link_libraries(bench_lime PRIVATE assay_core)
target_compile_definitions(bench_lime PRIVATE ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_LIME_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bench_lime_reference.py")
assay_target_defaults(bench_lime)
