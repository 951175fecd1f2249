#!/bin/sh
# A cluster run inspected on a laptop, at a realistic size (64 experts, top-8, 32 layers): the
# result `assay-run merge` writes from 3 shards, and one unsharded run's result, open in the
# Experts view (`assay render --result`) and draw the heatmap pixel for pixel as the view draws it
# from the routing trace itself. Arguments: scratch folder, assay, assay-run, source dir.
set -eu
dir=$1 assay=$2 run=$3 src=$4
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export QT_QPA_PLATFORM=offscreen
# A top-k-only trace (no router logits, so the direct view has no C2R panel either).
PYTHONPATH="$src/resources/python" /usr/bin/python3 - <<'PY'
import numpy as np
from assay_safetensors import save_file
rng = np.random.default_rng(5)
T, n, k, L = 4000, 64, 8, 32
tensors = {}
for l in range(L):
    z = rng.normal(size=(T, n)) + np.linspace(0, 1.5, n)[(np.arange(n) * (l + 1)) % n]
    tensors[f"layers.{l}.topk_idx"] = np.argsort(-z, axis=1, kind="stable")[:, :k].astype(np.int64)
save_file(tensors, "trace.safetensors", metadata={"num_experts": str(n), "top_k": str(k)})
PY
"$run" coactivation --trace trace.safetensors --out whole.safetensors >/dev/null
for i in 0 1 2; do
  "$run" coactivation --trace trace.safetensors --shard "$i/3" --out "part$i.safetensors" >/dev/null
done
"$run" merge part2.safetensors part0.safetensors part1.safetensors --out merged.safetensors >/dev/null
same() {
  /usr/bin/python3 -c 'import sys
from PIL import Image, ImageChops
a, b = (Image.open(f).convert("RGB") for f in sys.argv[1:3])
sys.exit(0 if a.size == b.size and ImageChops.difference(a, b).getbbox() is None
         else sys.argv[2] + " is not drawn as " + sys.argv[1])' "$1" "$2"
}
"$assay" render experts --input trace.safetensors --figure heatmap --out direct0.png >/dev/null
"$assay" render experts --input trace.safetensors --figure heatmap --layer 31 --out direct31.png \
  >/dev/null
for r in whole merged; do
  # The view is found from the file (as the window finds it), the default figure's first layer.
  "$assay" render --result "$r.safetensors" --figure heatmap --out "$r-0.png" >/dev/null 2>"$r.err"
  grep -q "opens in the Experts view" "$r.err"
  same direct0.png "$r-0.png"
  # Any layer, as from a trace.
  "$assay" render experts --input "$r.safetensors" --figure heatmap --layer 31 \
    --out "$r-31.png" >/dev/null
  same direct31.png "$r-31.png"
done
# A file no view opens is refused with exit code 2.
"$run" conformal --demo --repetitions 2 --out notes.json >/dev/null
code=0
"$assay" render --result notes.json --out x.png 2>err.txt || code=$?
test "$code" -eq 2 || exit 1
grep -q "no view opens" err.txt
test ! -e x.png
# A shard's partial result opens nowhere either (merge the parts first).
code=0
"$assay" render --result part0.safetensors --out x.png 2>err.txt || code=$?
test "$code" -eq 2 || exit 1
grep -q "no view opens" err.txt
echo "results render as the trace does"
