# bench_windows: WiCo / pooling / 1-D concatenation and ToMe against NumPy (issue 10).
