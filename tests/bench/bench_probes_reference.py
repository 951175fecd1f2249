"""sklearn reference for bench_probes (issue 11): LogisticRegression layer by layer.

usage: bench_probes_reference.py <dir> <threads>
Reads <dir>/states.safetensors (the benchmark's file: `hidden` [L, N, d] F16, `label` [N] U8,
`split` [N] U8, 1 = test) through a memory map. Per layer: the fp16 -> float64 copies of the
train and test rows (timed apart: "copy"), LogisticRegression(lbfgs, C=1.0, tol=1e-4,
max_iter=1000).fit on the train rows (timed: "fit"), decision_function + roc_auc_score on the test
rows (timed with the fit: "score"). Writes <dir>/ref_coef.f64 [L, d] and <dir>/ref_bias.f64 [L],
and prints one JSON line: per-layer auroc, n_iter, fit / score / copy seconds (fit_cpu: CPU seconds of the fit, all threads), and the BLAS
threads.
"""
import json
import os
import struct
import sys
import time

THREADS = sys.argv[2]
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = THREADS
import numpy as np  # noqa: E402  (after the thread count is set)
import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402


def tensors(path):
    """name -> memory-mapped array of a safetensors file."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    dtypes = {"F16": np.float16, "U8": np.uint8, "F32": np.float32}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dt = np.dtype(dtypes[info["dtype"]])
        out[name] = np.memmap(path, dtype=dt, mode="r", offset=8 + n + begin,
                              shape=tuple(info["shape"]))
        assert out[name].nbytes == end - begin
    return out


def blas_threads():
    try:
        from threadpoolctl import threadpool_info
        return [(p.get("internal_api"), p.get("num_threads")) for p in threadpool_info()]
    except ImportError:
        return "threadpoolctl not installed (OPENBLAS/OMP_NUM_THREADS=%s)" % THREADS


def main():
    d = sys.argv[1]
    t = tensors(os.path.join(d, "states.safetensors"))
    hidden, label, split = t["hidden"], np.asarray(t["label"]), np.asarray(t["split"])
    train, test = np.flatnonzero(split == 0), np.flatnonzero(split == 1)
    layers = hidden.shape[0]
    res = {"auroc": [], "n_iter": [], "fit": [], "fit_cpu": [], "score": [], "copy": []}
    coefs = np.zeros((layers, hidden.shape[2]))
    bias = np.zeros(layers)
    for l in range(layers):
        t0 = time.perf_counter()
        x = hidden[l]
        xtr = x[train].astype(np.float64)
        xte = x[test].astype(np.float64)
        t1 = time.perf_counter()
        c1 = time.process_time()
        model = LogisticRegression(C=1.0, tol=1e-4, max_iter=1000, solver="lbfgs")
        model.fit(xtr, label[train])
        t2 = time.perf_counter()
        res["fit_cpu"].append(time.process_time() - c1)
        auc = roc_auc_score(label[test], model.decision_function(xte))
        t3 = time.perf_counter()
        res["auroc"].append(float(auc))
        res["n_iter"].append(int(model.n_iter_[0]))
        res["copy"].append(t1 - t0)
        res["fit"].append(t2 - t1)
        res["score"].append(t3 - t2)
        coefs[l] = model.coef_[0]
        bias[l] = model.intercept_[0]
        print("layer %d: auroc %.4f, %d iterations, fit %.2f s, copy %.2f s"
              % (l, auc, model.n_iter_[0], t2 - t1, t1 - t0), file=sys.stderr, flush=True)
    coefs.tofile(os.path.join(d, "ref_coef.f64"))
    bias.tofile(os.path.join(d, "ref_bias.f64"))
    res["threads"] = blas_threads()
    res["sklearn"] = sklearn.__version__
    res["numpy"] = np.__version__
    print(json.dumps(res))


if __name__ == "__main__":
    main()
