"""Exit 0 when two assay-run JSON results are equal but for their provenance: every digit, or
with --rtol R every number within R relative (floating-point sums added in another order)."""
import json
import sys

args = sys.argv[1:]
rtol = 0.0
if args[0] == "--rtol":
    rtol, args = float(args[1]), args[2:]
expected, actual = (json.load(open(f)) for f in args[:2])
for result in (expected, actual):
    result.pop("provenance")


def same(a, b, where):
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return where + ": keys " + str(sorted(a.keys() ^ b.keys()))
        return next((w for k in a for w in [same(a[k], b[k], where + "." + k)] if w), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return where + ": %d vs %d entries" % (len(a), len(b))
        return next((w for i, (x, y) in enumerate(zip(a, b)) for w in [same(x, y, "%s[%d]" % (where, i))] if w), None)
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= rtol * max(abs(a), abs(b)):
            return None
    elif a == b:
        return None
    return "%s: %r vs %r" % (where, a, b)


problem = same(expected, actual, "result")
sys.exit("%s differs from %s at %s" % (args[1], args[0], problem) if problem else 0)
