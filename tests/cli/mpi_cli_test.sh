#!/bin/sh
# assay-run coactivation --mpi under `mpirun -n 2` and `-n 3` on loopback gives the numbers one
# process gives (every digit of the JSON but the provenance), and a rank that fails ends the run
# with exit code 2 and nothing written. Arguments: scratch folder, assay-run, mpirun, source dir.
set -eu
dir=$1 run=$2 mpirun=$3 src=$4
mkdir -p "$dir"
# CI runs as root in a container with two cores: allow both, quietly.
mpi() { "$mpirun" --oversubscribe --allow-run-as-root -n "$@"; }
same() { /usr/bin/python3 "$src/tests/cli/same_result.py" "$1" "$2"; }
/usr/bin/python3 "$src/resources/python/capture_moe_trace.py" "$dir/moe.safetensors" >/dev/null
args="coactivation --trace $dir/moe.safetensors --normalise lift --top-t 3"
"$run" $args --out "$dir/one.json" >/dev/null
for n in 1 2 3; do
  mpi "$n" "$run" $args --mpi --out "$dir/mpi$n.json" >"$dir/mpi$n.txt"
  grep -q "^$n MPI rank(s)" "$dir/mpi$n.txt"
  same "$dir/one.json" "$dir/mpi$n.json"
done
# A bad expert index in the last token only: rank 1 fails while rank 0 already waits in the
# allreduce; rank 1 says so and ends every rank (no hang: timeout), exit code 2, no result.
PYTHONPATH="$src/resources/python" /usr/bin/python3 - "$dir/bad.safetensors" <<'PY'
import sys
import numpy as np
from assay_safetensors import save_file
idx = np.tile(np.array([[0, 1]], dtype=np.int64), (1000, 1))
idx[-1, 1] = 99
save_file({"layers.0.topk_idx": idx}, sys.argv[1], metadata={"num_experts": "8", "top_k": "2"})
PY
code=0
timeout 120 "$mpirun" --oversubscribe --allow-run-as-root -n 2 "$run" coactivation --mpi \
  --trace "$dir/bad.safetensors" --out "$dir/bad.json" >/dev/null 2>"$dir/bad.txt" || code=$?
test "$code" -eq 2 || { echo "a rank's bad input ended mpirun with $code, not 2" >&2; cat "$dir/bad.txt" >&2; exit 1; }
grep -q "^assay-run: rank 1 of 2: .*99" "$dir/bad.txt"
test ! -e "$dir/bad.json"
# --shard and --mpi together are refused.
code=0
"$run" $args --mpi --shard 0/2 --out "$dir/both.safetensors" 2>"$dir/both.txt" || code=$?
test "$code" -eq 2 || exit 1
grep -q "not both" "$dir/both.txt"
test ! -e "$dir/both.safetensors"
echo "mpirun -n 1, 2, 3 agree with one process"
