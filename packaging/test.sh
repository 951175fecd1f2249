#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test with ctest
# (under xvfb-run so GUI tests have a display), runs the core and command-line tests again under
# AddressSanitizer + UBSan (packaging/sanitize.sh), runs the fuzzers briefly, builds the Debian package
# and installs and uses it (packaging/package-test.sh), checks the sources' formatting
# (packaging/format-check.sh), prints the summary.
# Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/packaging/setup.sh"
"$root/packaging/build.sh"
build=${ASSAY_BUILD_DIR:-$root/build}
status=0
( cd "$build" && xvfb-run -a -s '-screen 0 1600x1000x24' \
    ctest --output-on-failure -j"$(nproc)" --timeout 600 ) || status=1
"$root/packaging/sanitize.sh" || status=1
"$root/packaging/fuzz.sh" || status=1
"$root/packaging/package-test.sh" || status=1
"$root/packaging/format-check.sh" || status=1
[ $status -eq 0 ] && echo "assay: all tests passed" || echo "assay: TESTS FAILED" >&2
exit $status
