# tests/bench/probes_bench.cmake: bench_probes (issue 11). Owner: the fit part.
