#!/usr/bin/env python3
"""NumPy reference for tests/bench/bench_conformal.cpp (run by it; not a test on its own).

Usage: conformal_reference.py pvalues|curves DIR REPEATS
Reads the .npy inputs the bench wrote to DIR, writes its results to DIR as .npy and prints one
JSON line on stdout: {"seconds": best-of-REPEATS wall time, "numpy": version, "variant": ...}.
Only the computation is timed: loading the inputs and saving the outputs are not.
"""
import json
import math
import os
import sys
import time

import numpy as np


def best_of(repeats, fn):
    best, out = math.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def pvalues(d, repeats):
    cal = np.load(os.path.join(d, "cal.npy"))
    test = np.load(os.path.join(d, "test.npy"))
    n = cal.shape[0]

    def run():
        s = np.sort(cal)
        cnt = n - np.searchsorted(s, test, side="left")
        return (1 + cnt) / (n + 1)

    sec, p = best_of(repeats, run)
    np.save(os.path.join(d, "p_numpy.npy"), p)
    return {"seconds": sec, "variant": "sort + searchsorted(left)"}


def threshold_ranks(ncal, alphas):
    # r = ceil((n+1)(1-alpha)), forgiving 1e-9 of rounding exactly like assay's thresholdRank.
    x = (ncal + 1) * (1.0 - alphas)
    return np.maximum(1, np.ceil(x - 1e-9 * np.maximum(1.0, x)).astype(np.int64))


def curves(d, repeats):
    scores = np.load(os.path.join(d, "scores.npy"))
    cal_idx = np.load(os.path.join(d, "cal_idx.npy"))    # [R, ncal] int64
    test_idx = np.load(os.path.join(d, "test_idx.npy"))  # [R, ntest] int64
    alphas = np.load(os.path.join(d, "alphas.npy"))
    R, ncal = cal_idx.shape
    ntest = test_idx.shape[1]
    rank = threshold_ranks(ncal, alphas)
    finite = rank <= ncal
    rank_idx = np.minimum(rank, ncal) - 1

    def thresholds(r):
        s = np.sort(scores[cal_idx[r]])
        return np.where(finite, s[rank_idx], np.inf)

    def run_broadcast():
        cov = np.empty((R, alphas.size))
        for r in range(R):
            q = thresholds(r)
            t = scores[test_idx[r]]
            cov[r] = (t[:, None] <= q[None, :]).mean(0)
        return cov

    def run_searchsorted():
        cov = np.empty((R, alphas.size))
        for r in range(R):
            q = thresholds(r)
            t = np.sort(scores[test_idx[r]])
            cov[r] = np.searchsorted(t, q, side="right") / ntest
        return cov

    results = {}
    for name, fn in (("broadcast compare", run_broadcast), ("sort test + searchsorted", run_searchsorted)):
        results[name] = best_of(repeats, fn)
    variant = min(results, key=lambda k: results[k][0])
    sec, cov = results[variant]
    other = [k for k in results if k != variant][0]
    if not np.array_equal(cov, results[other][1]):
        raise SystemExit("reference variants disagree")
    np.save(os.path.join(d, "cov_mean.npy"), cov.mean(axis=0))
    np.save(os.path.join(d, "cov_std.npy"), cov.std(axis=0, ddof=0))
    return {"seconds": sec, "variant": variant,
            "other_variant": other, "other_seconds": results[other][0]}


def main():
    case, d, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out = {"pvalues": pvalues, "curves": curves}[case](d, repeats)
    out["numpy"] = np.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
