#!/bin/sh
# packaging/run.sh shows the build's progress (a newcomer waits minutes on a first build) and
# still ends with the line that says where the figures went. Runs a copy of run.sh beside stub
# setup/build scripts and a stub `assay`, with no display.
set -eu
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/packaging" "$work/build/app"
cp "$src/packaging/run.sh" "$work/packaging/run.sh"
printf '#!/bin/sh\nexit 0\n' >"$work/packaging/setup.sh"
printf '#!/bin/sh\necho "[1/2] Building CXX object core/x.cpp.o"\necho "[2/2] Linking CXX executable app/assay"\n' >"$work/packaging/build.sh"
printf '#!/bin/sh\necho "rendered $*"\n' >"$work/build/app/assay"
chmod +x "$work/packaging/"*.sh "$work/build/app/assay"
cd "$work"
env -u DISPLAY -u WAYLAND_DISPLAY -u ASSAY_BUILD_DIR bash packaging/run.sh >"$work/out" 2>"$work/err"
grep -q '\[1/2\] Building' "$work/err" || { echo "run.sh hid the build's progress"; cat "$work/out" "$work/err"; exit 1; }
grep -q 'rendering the demo figures to ./assay-demo/' "$work/out" || { echo "the line saying where figures go is missing"; exit 1; }
tail -n 1 "$work/out" | grep -q "^rendered render --demo --out $work/assay-demo" || { echo "run.sh did not render"; cat "$work/out"; exit 1; }
echo "run.sh: build progress shown, figures' folder named"
