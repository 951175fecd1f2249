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
# A bad trace on every rank: each says so, the run ends with 2, no result.
if mpi 2 "$run" coactivation --mpi --trace "$src/README.md" --out "$dir/bad.json" \
  >/dev/null 2>"$dir/bad.txt"; then
  echo "a bad trace under mpirun succeeded" >&2
  exit 1
fi
grep -q "rank" "$dir/bad.txt"
test ! -e "$dir/bad.json"
# --shard and --mpi together are refused.
if "$run" $args --mpi --shard 0/2 --out "$dir/both.safetensors" 2>"$dir/both.txt"; then exit 1; fi
grep -q "not both" "$dir/both.txt"
echo "mpirun -n 1, 2, 3 agree with one process"
