# tests/bench/kernelshap_bench.cmake: bench_kernelshap (issue 12). Owner: the shap part.
