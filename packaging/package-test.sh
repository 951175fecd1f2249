#!/usr/bin/env bash
# Builds the Debian package, checks it (lintian, desktop-file-validate, appstreamcli), installs
# it with apt-get, uses the installed programs headless, then removes it. As non-root it unpacks
# the package into a throwaway root instead of installing it. Called by packaging/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ASSAY_BUILD_DIR:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package: FAILED: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls -t "$build"/assay_*_amd64.deb | head -n 1)
echo "package: built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Depends | grep -q libqt6widgets6 || fail "Depends lacks the Qt runtime: $(dpkg-deb -f "$deb" Depends)"

# lintian: errors fail; warnings are listed.
lintian --no-tag-display-limit "$deb" >"$work/lintian.log" 2>&1 || true
grep -E '^E:' "$work/lintian.log" && fail "lintian reported errors"
echo "package: lintian: $(grep -c '^W:' "$work/lintian.log" || true) warnings, no errors"
grep -E '^W:' "$work/lintian.log" | sed 's/^/  /' || true

if [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
  prefix=/usr
  installed=1
else
  dpkg-deb -x "$deb" "$work/root"
  prefix=$work/root/usr
  installed=0
fi
remove() { [ "$installed" -eq 1 ] && DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq assay >/dev/null 2>&1 || true; }
trap 'remove; rm -rf "$work"' EXIT

# The installed programs, headless.
"$prefix/bin/assay-run" --version | grep -q "assay-run" || fail "assay-run --version"
"$prefix/bin/assay" --version | grep -q "^Qt " || fail "assay --version"
"$prefix/bin/assay-run" conformal --demo --out "$work/result.json" >/dev/null || fail "assay-run conformal"
grep -q '"threshold"' "$work/result.json" || fail "assay-run wrote no threshold"
env -u DISPLAY "$prefix/bin/assay" render calibration --demo --figure coverage --out "$work/coverage.svg" >/dev/null 2>&1 \
  || fail "assay render"
grep -q 'risk level' "$work/coverage.svg" || fail "the rendered SVG lacks its axis label"
env -u DISPLAY "$prefix/bin/assay" render --demo --out "$work/demo" >/dev/null 2>&1 || fail "assay render --demo"
[ "$(ls "$work/demo"/*.png | wc -l)" -ge 5 ] || fail "assay render --demo wrote too few figures"

# Desktop integration: what a menu and a file manager use.
share=$prefix/share
desktop=$share/applications/org.assay.Assay.desktop
desktop-file-validate "$desktop" | grep -v ': hint:' && fail "desktop-file-validate" || true
appstreamcli validate --no-net --pedantic "$share/metainfo/org.assay.Assay.metainfo.xml" >"$work/as.log" 2>&1 \
  || { cat "$work/as.log"; fail "appstreamcli validate"; }
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
[ "$exec_line" = "assay %f" ] || fail "Exec line is '$exec_line'"
[ -x "$prefix/bin/${exec_line%% *}" ] || fail "the Exec program is not installed"
for size in 16 32 48 64 128 256; do
  [ -f "$share/icons/hicolor/${size}x${size}/apps/org.assay.Assay.png" ] || fail "icon ${size}px missing"
done
# zgrep, not `zcat | grep -q`: under pipefail grep's early exit kills zcat with SIGPIPE (141) once
# a page is larger than a pipe's buffer, and the check would fail on a page that has the text.
zgrep -q 'assay-run conformal' "$share/man/man1/assay-run.1.gz" || fail "assay-run.1 lacks conformal"
zgrep -q 'assay render calibration' "$share/man/man1/assay.1.gz" || fail "assay.1 lacks render"
grep -q 'application/x-assay-session' "$share/mime/packages/org.assay.Assay.xml" || fail "MIME type missing"
if [ "$installed" -eq 1 ]; then
  # The triggers ran: the MIME database knows *.assay, and the desktop database maps it to Assay.
  grep -q 'application/x-assay-session:\*\.assay' /usr/share/mime/globs2 || fail "*.assay not in the MIME database"
  grep -q 'application/x-assay-session=.*org.assay.Assay.desktop' /usr/share/applications/mimeinfo.cache \
    || fail "the desktop database does not open .assay with Assay"
  # Double-clicking a session runs the Exec line with the file: render it to prove it opens.
  printf '{"assay_version":"0","current_view":"calibration","theme":"light","views":{"calibration":{"demo":true,"settings":{"alpha":0.2}}}}' >"$work/s.assay"
  env -u DISPLAY assay render --session "$work/s.assay" --out "$work/session" >/dev/null 2>&1 || fail "the installed assay cannot open a session"
fi
echo "package: installed, used and checked ($([ "$installed" -eq 1 ] && echo 'apt-get install' || echo 'unpacked'))"
