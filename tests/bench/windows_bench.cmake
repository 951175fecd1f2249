# bench_windows: WiCo / pooling / 1-D concatenation and ToMe against NumPy (issue 10).
#   cmake --build build --target bench_windows && build/tests/bench/bench_windows
add_executable(bench_windows bench_windows.cpp)
target_link_libraries(bench_windows PRIVATE assay_core)
target_compile_definitions(bench_windows PRIVATE ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_WINDOWS_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bench_windows_reference.py")
assay_target_defaults(bench_windows)
