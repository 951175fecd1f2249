"""NumPy reference for bench_coactivation: C = MᵀM by bincount over pair indices i*n+j.

usage: bench_coactivation_reference.py <dir> <n> <repeats>
Reads <dir>/idx.npy (int32 [T,k]), writes <dir>/counts_numpy.npy (int64 [n,n]) and prints one
JSON line {"seconds": best wall time, "numpy": version}. Chunked so the [chunk,k,k] pair array
stays ~0.5 GB."""
import json
import sys
import time

import numpy as np


def coactivation(idx, n, chunk=1 << 20):
    counts = np.zeros(n * n, dtype=np.int64)
    for start in range(0, idx.shape[0], chunk):
        a = idx[start:start + chunk].astype(np.int64)
        pairs = (a[:, :, None] * n + a[:, None, :]).ravel()
        counts += np.bincount(pairs, minlength=n * n)
    return counts.reshape(n, n)


def main():
    folder, n, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    idx = np.load(f"{folder}/idx.npy")
    best, counts = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        counts = coactivation(idx, n)
        best = min(best, time.perf_counter() - t0)
    np.save(f"{folder}/counts_numpy.npy", counts)
    print(json.dumps({"seconds": best, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
