# tests/bench/kernelshap_bench.cmake: bench_kernelshap (issue 12). Owner: the shap part.
# KernelSHAP (all 1,022 coalitions of a 10-feature MLP, 50 background rows, 20 rows) against a
# vectorised NumPy KernelSHAP in the same run:
#   cmake --build build --target bench_kernelshap && build/tests/bench/bench_kernelshap
add_executable(bench_kernelshap bench_kernelshap.cpp)
target_link_libraries(bench_kernelshap PRIVATE assay_core)
target_compile_definitions(bench_kernelshap PRIVATE ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_KERNELSHAP_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bench_kernelshap_reference.py")
assay_target_defaults(bench_kernelshap)
