#!/usr/bin/env bash
# Configures (once) and builds Assay in build/ with Ninja; a second run is incremental.
# Extra arguments go to the CMake configure step, e.g. -DASSAY_GUI=OFF.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ASSAY_BUILD_DIR:-$root/build}
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths below the checkout's parent are hashed relative to the build folder, so a second
# checkout (a git worktree beside this one) reuses the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")}
if [ ! -f "$build/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${ASSAY_BUILD_TYPE:-RelWithDebInfo} "$@"
fi
cmake --build "$build" -j"$(nproc)"
