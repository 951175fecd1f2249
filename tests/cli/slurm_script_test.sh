#!/bin/sh
# The README's Slurm scripts (resources/cluster) as written: the array body run with
# SLURM_ARRAY_TASK_ID set in a loop, then the merge; with an MPI build, the MPI job with mpirun
# standing in for srun. Both give the unsharded run's numbers. Arguments: scratch folder, the
# folder holding assay-run, the source dir, and mpirun (only for an MPI build).
set -eu
dir=$1 bin=$2 src=$3 mpirun=${4:-}
rm -rf "$dir" && mkdir -p "$dir/bin" && cd "$dir"
export PATH="$bin:$PATH"
scripts=$src/resources/cluster
# The README shows each script whole: what a user copies is what runs here.
for s in "$scripts"/*.sbatch; do
  /usr/bin/python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
    "$s" "$src/README.md" || { echo "README does not show $s as it is" >&2; exit 1; }
done
/usr/bin/python3 "$src/resources/python/capture_moe_trace.py" trace.safetensors >/dev/null
assay-run coactivation --trace trace.safetensors --normalise lift --out whole.json >/dev/null
export SLURM_ARRAY_TASK_COUNT=5
for SLURM_ARRAY_TASK_ID in 4 2 0 1 3; do
  export SLURM_ARRAY_TASK_ID
  sh "$scripts/coactivation-array.sbatch" >/dev/null
done
OUT=merged.json sh "$scripts/coactivation-merge.sbatch" >/dev/null
/usr/bin/python3 "$src/tests/cli/same_result.py" whole.json merged.json
if [ -n "$mpirun" ]; then
  # srun starts SLURM_NTASKS ranks; here mpirun does, on loopback.
  printf '#!/bin/sh\nexec "%s" --oversubscribe --allow-run-as-root -n "${SLURM_NTASKS:-3}" "$@"\n' \
    "$mpirun" >bin/srun
  chmod +x bin/srun
  PATH="$dir/bin:$PATH" OUT=mpi.json sh "$scripts/coactivation-mpi.sbatch" >/dev/null
  /usr/bin/python3 "$src/tests/cli/same_result.py" whole.json mpi.json
fi
echo "the Slurm scripts give the unsharded run's numbers"
