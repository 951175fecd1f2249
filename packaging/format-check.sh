#!/usr/bin/env bash
# Fails when a C++ or CUDA source is not formatted with the repository's .clang-format
# (clang-format 14, as Debian 12 ships it). Fix with: packaging/format-check.sh --fix
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cu' 2>/dev/null ||
                     find core views app tests -name '*.cpp' -o -name '*.h' -o -name '*.cu')
if [ "${1:-}" = "--fix" ]; then
  clang-format-14 -i "${files[@]}"
  exit 0
fi
if ! clang-format-14 --dry-run --Werror "${files[@]}" 2>/tmp/assay-format.$$; then
  grep -E '^[^ ].*: (error|warning):' /tmp/assay-format.$$ | cut -d: -f1 | sort -u | sed 's/^/assay: not formatted: /' >&2
  rm -f /tmp/assay-format.$$
  echo "assay: run packaging/format-check.sh --fix" >&2
  exit 1
fi
rm -f /tmp/assay-format.$$
echo "assay: ${#files[@]} sources formatted"
