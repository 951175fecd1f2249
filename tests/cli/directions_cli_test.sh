#!/bin/sh
# assay-run directions: the mass-mean directions and class means equal NumPy's (an independent
# reference, 1e-12 relative), and sharded runs merged (N = 1, 2, 3, 7) and MPI runs (-n 2, 3,
# when an mpirun is given) equal the one-process run to 1e-13 relative (the sums are added in
# another order). Arguments: scratch folder, assay-run, source dir, [mpirun].
set -eu
dir=$1 run=$2 src=$3 mpirun=${4:-}
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
same() { /usr/bin/python3 "$src/tests/cli/same_result.py" --rtol "$@"; }
PYTHONPATH="$src/resources/python" /usr/bin/python3 - <<'PY'
import json
import numpy as np
from assay_safetensors import save_file
rng = np.random.default_rng(11)
L, N, d = 6, 1001, 48
label = (rng.random(N) < 0.3).astype(np.int64)
hidden = rng.normal(size=(L, N, d)).astype(np.float32)
hidden += (label[None, :, None] * np.linspace(-1, 1, d)[None, None, :] * np.arange(1, L + 1)[:, None, None]).astype(np.float32)
save_file({"hidden": hidden, "label": label}, "states.safetensors")
ref = []
for l in range(L):
    h = hidden[l].astype(np.float64)
    real, hall = h[label == 0].mean(0), h[label == 1].mean(0)
    v = real - hall
    ref.append({"direction": (v / np.linalg.norm(v)).tolist(), "mean_real": real.tolist(),
                "mean_hallucinated": hall.tolist(), "distance": float(np.linalg.norm(v))})
json.dump(ref, open("numpy.json", "w"))
PY
"$run" directions --states states.safetensors --out whole.json >/dev/null
/usr/bin/python3 - <<'PY'
import json, sys
ours, ref = json.load(open("whole.json"))["layers"], json.load(open("numpy.json"))
worst = max(abs(a - b) / max(abs(b), 1e-300) for o, r in zip(ours, ref) for k in r
            for a, b in zip(o[k] if isinstance(r[k], list) else [o[k]], r[k] if isinstance(r[k], list) else [r[k]])
            if abs(b) > 1e-9)
sys.exit(0 if len(ours) == len(ref) == 6 and worst < 1e-12 else "vs NumPy: relative %g" % worst)
PY
for n in 1 2 3 7; do
  parts=""
  i=0
  while [ $i -lt $n ]; do
    "$run" directions --states states.safetensors --shard "$i/$n" --out "p$n-$i.safetensors" >/dev/null
    parts="p$n-$i.safetensors $parts"
    i=$((i + 1))
  done
  "$run" merge $parts --out "merged$n.json" >/dev/null
  same 1e-13 whole.json "merged$n.json"
done
if [ -n "$mpirun" ]; then
  for n in 2 3; do
    "$mpirun" --oversubscribe --allow-run-as-root -n $n "$run" directions --mpi \
      --states states.safetensors --out "mpi$n.json" >/dev/null
    same 1e-13 whole.json "mpi$n.json"
    # The array job and MPI add the same parts (in an order MPI picks): where both apply they
    # agree.
    if [ $n -eq 3 ]; then same 1e-13 merged3.json mpi3.json; fi
  done
fi
echo "directions: NumPy, shards and ranks agree"
