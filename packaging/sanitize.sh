#!/usr/bin/env bash
# Builds the headless core, assay-run and their tests with AddressSanitizer + UBSan in
# build-sanitize/ (the "sanitize" preset's settings) and runs the core and command-line tests
# under them, so a memory error or undefined behaviour anywhere in core (not only in the three
# fuzzed parsers) fails CI. Called by packaging/test.sh; prints how long it took.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ASSAY_SANITIZE_BUILD_DIR:-$root/build-sanitize}
start=$(date +%s)
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")}
if [ ! -f "$build/build.ninja" ]; then
  # No CUDA kernels (nvcc does not take the sanitizer flags, and CI has no GPU), no benchmarks.
  # -O1 -g1: what the sanitizers' authors advise (fast enough, exact enough stack traces), and
  # about half the compile time of -O2 -g on CI's two cores. With MPI: this core-only tree is
  # also where CI runs `assay-run --mpi` under mpirun (no third tree to build).
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DASSAY_GUI=OFF -DASSAY_SANITIZE=ON \
    -DASSAY_BENCH=OFF -DASSAY_CUDA=OFF -DASSAY_MPI=ON >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
built=$(date +%s)

# Halt on the first error, with a stack trace. LibTorch (and OpenMP under it) is not instrumented
# and keeps its registries for the process's life: packaging/lsan.supp suppresses leak reports
# whose stack passes through it (only the Experts demo's training loads it).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/packaging/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# The hash cache of these runs stays inside the build folder.
export XDG_CACHE_HOME=$build/cache
status=0
(cd "$build" && ctest -L 'core|cli' --output-on-failure -j"$(nproc)" --timeout 900) || status=1
end=$(date +%s)
echo "sanitize: build $((built - start)) s, tests $((end - built)) s ($([ $status -eq 0 ] && echo ok || echo FAILED))"
exit $status
