#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang-14 in build-fuzz/ and runs each briefly
# on a copy of its seed corpus. Exits non-zero if any fuzzer finds a crash, leak or UB.
# ASSAY_FUZZ_RUNS (default 20000) sets the executions per target; each run is capped at 120 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ASSAY_FUZZ_BUILD_DIR:-$root/build-fuzz}
runs=${ASSAY_FUZZ_RUNS:-20000}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DASSAY_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j"$(nproc)"

# Undefined behaviour counts as a finding, not a warning on stderr.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
status=0
for target in fuzz_safetensors fuzz_npy fuzz_table fuzz_image fuzz_patch_features fuzz_probe_captions; do
  # The corpus grows while fuzzing: work on a copy so the source tree stays clean.
  corpus=$build/corpus/$target
  artifacts=$build/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  cp -f "$root/tests/fuzz/corpus/$target/"* "$corpus/"
  log=$build/$target.log
  if "$build/tests/fuzz/$target" -runs="$runs" -max_total_time=120 -max_len=8192 \
       -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" >"$log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $target: ok, $execs executions"
  else
    status=1
    echo "fuzz: $target: FAILED (see $log; reproducers in $artifacts)" >&2
    tail -n 40 "$log" >&2
  fi
done
exit $status
