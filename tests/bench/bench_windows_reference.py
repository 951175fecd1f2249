"""NumPy reference for bench_windows (issue 10), written the fastest plain way.

usage: bench_windows_reference.py <dir> <threads> <repeats> <case>
Reads <dir>/meta.json and <dir>/features.f16 (raw little-endian fp16 [B, H, W, D], the same bytes
as the benchmark's safetensors file), memory-mapped, and prints one JSON line with the best wall and
CPU seconds.

case "a": WiCo concatenation, 2-D pooling and 1-D concatenation at Hout x Wout tokens with each
method's within-window similarity s_w (mean pairwise cosine), a chunk of images at a time: fp16 ->
fp32 once per image, reshape/transpose copies for the tokens, unit rows and np.matmul Gram
matrices of the groups. Writes <dir>/ref_sim_<method>.f64 [B, M] and the tokens of the images
meta["sample"] to <dir>/ref_tok_<method>_<b>.f32.

case "b": ToMe bipartite soft matching (tome/merge.py, vectorised per image: metric, a @ b.T,
stable descending argsort, size-weighted merge with np.add.reduceat) down to M tokens, r per step,
in float64 (outputs) and in float32 (time only).
Writes <dir>/ref_tome_source.i32 [B', H*W] and <dir>/ref_tome_tok_<b>.f32.
"""
import json
import os
import sys
import time

THREADS = sys.argv[2]
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = THREADS
import numpy as np  # noqa: E402  (after the thread count is set)


def unit(x):
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(n > 0, n, 1)


def mean_pairwise(groups):
    """groups [..., k, D] of unit rows -> mean over i != j of the cosines."""
    k = groups.shape[-2]
    g = np.matmul(groups, np.swapaxes(groups, -1, -2))
    return (g.sum(axis=(-1, -2)) - np.trace(g, axis1=-2, axis2=-1)) / (k * (k - 1))


def windows(x, method, ho, wo):
    """x [c, H, W, D] float32 -> (tokens [c, M, *], s_w [c, M])."""
    c, h, w, d = x.shape
    kr, kc = h // ho, w // wo
    m = ho * wo
    u = unit(x)
    if method == "concat1d":
        g = h * w // m
        tokens = np.ascontiguousarray(x.reshape(c, m, g, d).transpose(0, 1, 3, 2)).reshape(c, m, d * g)
        return tokens, mean_pairwise(u.reshape(c, m, g, d))
    win = x.reshape(c, ho, kr, wo, kc, d)
    if method == "wico":  # element c*k^2 + a*k + b
        tokens = np.ascontiguousarray(win.transpose(0, 1, 3, 5, 2, 4)).reshape(c, m, d * kr * kc)
    else:  # pool
        tokens = win.mean(axis=(2, 4), dtype=np.float32).reshape(c, m, d)
    groups = u.reshape(c, ho, kr, wo, kc, d).transpose(0, 1, 3, 2, 4, 5).reshape(c, m, kr * kc, d)
    return tokens, mean_pairwise(groups)


def case_a(folder, meta, feats, repeats):
    b, ho, wo = meta["images"], meta["out_rows"], meta["out_cols"]
    methods = ["wico", "pool", "concat1d"]
    chunk = 8
    sample = set(meta["sample"])
    sims = {mth: np.empty((b, ho * wo), np.float64) for mth in methods}
    kept = {}

    def run(which):
        for i0 in range(0, b, chunk):
            x = feats[i0:i0 + chunk].astype(np.float32)
            for mth in which:
                tokens, s = windows(x, mth, ho, wo)
                sims[mth][i0:i0 + x.shape[0]] = s
                for j in range(x.shape[0]):
                    if i0 + j in sample:
                        kept[(mth, i0 + j)] = tokens[j].copy()

    out = {}
    for label, which in [("all", methods)] + [(mth, [mth]) for mth in methods] + [("convert", [])]:
        best, cpu = float("inf"), float("inf")
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            run(which)
            best = min(best, time.perf_counter() - t0)
            cpu = min(cpu, time.process_time() - c0)
        out[label] = {"seconds": best, "cpu": cpu}
    for mth in methods:
        sims[mth].tofile(f"{folder}/ref_sim_{mth}.f64")
    for (mth, i), t in kept.items():
        t.astype(np.float32).tofile(f"{folder}/ref_tok_{mth}_{i}.f32")
    return out


def tome(x, m, r):
    """x [N, D] -> (tokens [m, D], source [N]) as tome/merge.py with merge_wavg, in x's dtype."""
    t = x.shape[0]
    size = np.ones(t, x.dtype)
    source = np.arange(t)
    while t > m:
        rr = min(r, t // 2, t - m)
        metric = unit(x)
        a, b = metric[0::2], metric[1::2]
        scores = a @ b.T
        node_idx = scores.argmax(axis=1)
        node_max = scores[np.arange(a.shape[0]), node_idx]
        edge = np.argsort(-node_max, kind="stable")
        unm, src = edge[rr:], edge[:rr]
        dst = node_idx[src]
        xs = x * size[:, None]
        xa, xb = xs[0::2], xs[1::2].copy()
        sa, sb = size[0::2], size[1::2].copy()
        order = np.argsort(dst, kind="stable")
        ds = dst[order]
        uniq, starts = np.unique(ds, return_index=True)
        xb[uniq] += np.add.reduceat(xa[src[order]], starts, axis=0)
        sb[uniq] += np.add.reduceat(sa[src[order]], starts)
        size = np.concatenate([sa[unm], sb])
        x = np.concatenate([xa[unm], xb]) / size[:, None]
        pos = np.empty(t, np.int64)
        nu = unm.shape[0]
        pos[2 * unm] = np.arange(nu)
        pos[1::2] = nu + np.arange(b.shape[0])
        pos[2 * src] = nu + dst
        source = pos[source]
        t = x.shape[0]
    return x, source


def case_b(folder, meta, feats, repeats):
    """float64 (checked against Assay, whose decisions are made in double: an fp32 metric flips
    near-ties, about one an image on encoder-like features) and float32 (ToMe's own precision,
    timed only)."""
    b, m, r = meta["tome_images"], meta["out_rows"] * meta["out_cols"], meta["tome_r"]
    n, d = meta["rows"] * meta["cols"], meta["dim"]
    sources = np.empty((b, n), np.int32)
    kept = {}
    out = {}
    for label, dtype in (("tome", np.float64), ("tome_f32", np.float32)):
        best, cpu = float("inf"), float("inf")
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            for i in range(b):
                x = feats[i].astype(dtype).reshape(n, d)
                tokens, source = tome(x, m, r)
                if dtype == np.float64:
                    sources[i] = source
                    if i in meta["sample"]:
                        kept[i] = tokens
            best = min(best, time.perf_counter() - t0)
            cpu = min(cpu, time.process_time() - c0)
        out[label] = {"seconds": best, "cpu": cpu}
    sources.tofile(f"{folder}/ref_tome_source.i32")
    for i, t in kept.items():
        t.astype(np.float32).tofile(f"{folder}/ref_tome_tok_{i}.f32")
    return out


def main():
    folder, repeats, case = sys.argv[1], int(sys.argv[3]), sys.argv[4]
    meta = json.load(open(f"{folder}/meta.json"))
    shape = (meta["images"], meta["rows"], meta["cols"], meta["dim"])
    feats = np.memmap(f"{folder}/features.safetensors", dtype="<f2", mode="r", offset=meta["offset"],
                      shape=shape)
    out = case_a(folder, meta, feats, repeats) if case == "a" else case_b(folder, meta, feats, repeats)
    print(json.dumps({"numpy": np.__version__, "threads": int(THREADS), "times": out}))


if __name__ == "__main__":
    main()
