"""NumPy LIME tabular for bench_lime (issue 12): given the SAME perturbation samples as Assay (the
model rows, the 0/1 representation and the distances lime 0.2.0.1's __data_inverse would give),
the rest of lime's explain_instance per row: the model on the rows (a ReLU MLP with a softmax,
vectorised), the kernel sqrt(exp(-d^2 / w^2)), and for every label sklearn Ridge(alpha=1)'s
weighted fit written out in NumPy (weighted centring, normal equations, intercept) and its
weighted R^2.

  bench_lime_reference.py IN.npz OUT.npz REPEATS   prints JSON {"model_seconds", "lime_seconds",
      "model_cpu", "lime_cpu"}: the best of REPEATS (wall, and process CPU time over all threads)
      for the model on every row's samples, and for the kernel + ridges
IN: rows [R, N, D], representation [R, N, D], distances [R, N], kernel_width [1], W0 b0 W1 b1 ...
OUT: attributions [R, D, C], intercept [R, C], local_r2 [R, C].
"""
import json
import sys
import time

import numpy as np


def mlp(layers, X):
    h = X
    for i, (W, b) in enumerate(layers):
        h = h @ W.T + b
        if i + 1 < len(layers):
            np.maximum(h, 0.0, out=h)
    h = np.exp(h - h.max(axis=1, keepdims=True))
    return h / h.sum(axis=1, keepdims=True)


def ridge(Z, y, w, alpha):
    sw = w.sum()
    zm = (w[:, None] * Z).sum(axis=0) / sw
    ym = (w * y).sum() / sw
    Zc, yc = Z - zm, y - ym
    WZ = w[:, None] * Zc
    coef = np.linalg.solve(Zc.T @ WZ + alpha * np.eye(Z.shape[1]), WZ.T @ yc)
    intercept = ym - zm @ coef
    res = y - (Z @ coef + intercept)
    r2 = 1.0 - (w * res * res).sum() / (w * yc * yc).sum()
    return coef, intercept, r2


def surrogate(y, Z, d, width):
    w = np.sqrt(np.exp(-(d ** 2) / width ** 2))
    fits = [ridge(Z, y[:, c], w, 1.0) for c in range(y.shape[1])]
    return (np.stack([f[0] for f in fits], axis=1), np.array([f[1] for f in fits]),
            np.array([f[2] for f in fits]))


def main():
    d = np.load(sys.argv[1])
    layers, i = [], 0
    while f"W{i}" in d:
        layers.append((d[f"W{i}"], d[f"b{i}"]))
        i += 1
    rows, Z, dist = d["rows"], d["representation"], d["distances"]
    width = float(d["kernel_width"][0])
    R = rows.shape[0]
    model_s, fit_s, model_c, fit_c, out = (float("inf"),) * 4 + (None,)
    for _ in range(int(sys.argv[3])):
        t0, c0 = time.perf_counter(), time.process_time()
        ys = [mlp(layers, rows[r]) for r in range(R)]
        t1, c1 = time.perf_counter(), time.process_time()
        out = [surrogate(ys[r], Z[r], dist[r], width) for r in range(R)]
        t2, c2 = time.perf_counter(), time.process_time()
        model_s, fit_s = min(model_s, t1 - t0), min(fit_s, t2 - t1)
        model_c, fit_c = min(model_c, c1 - c0), min(fit_c, c2 - c1)
    np.savez(sys.argv[2], attributions=np.array([o[0] for o in out]),
             intercept=np.array([o[1] for o in out]), local_r2=np.array([o[2] for o in out]))
    print(json.dumps({"model_seconds": model_s, "lime_seconds": fit_s, "model_cpu": model_c,
                      "lime_cpu": fit_c, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
