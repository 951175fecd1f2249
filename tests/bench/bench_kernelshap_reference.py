"""Vectorised NumPy KernelSHAP for bench_kernelshap (issue 12): shap 0.46's KernelExplainer with
every coalition (M = 10: 1,022 of them, the size classes in shap's order and weights), the
model rows of one explained row built and run as one array, then shap's weighted least squares.

  bench_kernelshap_reference.py IN.npz OUT.npy REPEATS   prints JSON {"seconds": best of REPEATS}
IN: x [R, D], background [B, D] (uniform weights), W0 b0 W1 b1 ... (ReLU MLP, identity output).
"""
import itertools
import json
import sys
import time

import numpy as np
from scipy.special import binom


def plan(M):
    sizes, paired = int(np.ceil((M - 1) / 2.0)), int(np.floor((M - 1) / 2.0))
    wv = np.array([(M - 1.0) / (i * (M - i)) for i in range(1, sizes + 1)])
    wv[:paired] *= 2
    wv /= wv.sum()
    masks, weights = [], []
    for s in range(1, sizes + 1):  # with every coalition each class is enumerated
        w = wv[s - 1] / binom(M, s) / (2.0 if s <= paired else 1.0)
        for inds in itertools.combinations(range(M), s):
            m = np.zeros(M)
            m[list(inds)] = 1.0
            masks.append(m), weights.append(w)
            if s <= paired:
                masks.append(1.0 - m), weights.append(w)
    return np.array(masks), np.array(weights)


def mlp(layers, X):
    h = X
    for i, (W, b) in enumerate(layers):
        h = h @ W.T + b
        if i + 1 < len(layers):
            np.maximum(h, 0.0, out=h)
    return h[:, 0]


def explain(layers, masks, weights, x, bg):
    K, M = masks.shape
    B = bg.shape[0]
    fnull = mlp(layers, bg).mean()
    fx = mlp(layers, x[None, :])[0]
    synth = np.where(masks[:, None, :] > 0, x[None, None, :], bg[None, :, :]).reshape(K * B, M)
    ey = mlp(layers, synth).reshape(K, B).mean(axis=1)
    delta = fx - fnull
    y = (ey - fnull) - masks[:, -1] * delta
    X = masks[:, :-1] - masks[:, -1:]
    WX = weights[:, None] * X
    w = np.linalg.solve(X.T @ WX, WX.T @ y)
    phi = np.append(w, delta - w.sum())
    phi[np.abs(phi) < 1e-10] = 0
    return phi


def main():
    d = np.load(sys.argv[1])
    layers, i = [], 0
    while f"W{i}" in d:
        layers.append((d[f"W{i}"], d[f"b{i}"]))
        i += 1
    xs, bg = d["x"], d["background"]
    masks, weights = plan(xs.shape[1])
    best, phi = float("inf"), None
    for _ in range(int(sys.argv[3])):
        t0 = time.perf_counter()
        phi = np.array([explain(layers, masks, weights, x, bg) for x in xs])
        best = min(best, time.perf_counter() - t0)
    np.save(sys.argv[2], phi)
    print(json.dumps({"seconds": best, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
