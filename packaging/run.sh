#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, launches the window on the
# built-in demo. With no display it renders every demo figure to ./assay-demo/ instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/packaging/setup.sh"
# The build's progress goes to stderr (a first build takes minutes); stdout stays for the program.
"$root/packaging/build.sh" >&2
build=${ASSAY_BUILD_DIR:-$root/build}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/app/assay" --demo "$@"
fi
echo "assay: no display; rendering the demo figures to ./assay-demo/"
exec "$build/app/assay" render --demo --out "$PWD/assay-demo"
