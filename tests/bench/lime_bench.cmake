# tests/bench/lime_bench.cmake: bench_lime (issue 12). Owner: the lime part.
