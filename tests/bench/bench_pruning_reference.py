"""PyTorch reference for bench_pruning case (a): the eight inference and activation criteria of
MC-Suite (papers.md §2(c)) on one MoE layer, written the fastest plain way: router logits in fp32,
top-k, then the Hugging Face style loop over experts with the tokens routed to each, every
criterion taken from that one loop (EAO's mean and std from the same A_p it counts on).

usage: bench_pruning_reference.py <dir> <threads> <repeats>
Reads <dir>/meta.json and the raw little-endian fp32 / int64 files the benchmark wrote, prints one
JSON line {"seconds": best wall time, "torch": version, "threads": n, "criteria": {...}}."""
import json
import sys
import time

import numpy as np
import torch


def load(folder, name, dtype, shape):
    return torch.from_numpy(np.fromfile(f"{folder}/{name}", dtype=dtype).reshape(shape))


def criteria(x, ids, router, gate, up, down, k, vocab):
    n = router.shape[0]
    T = x.shape[0]
    logits = x @ router.t()
    topi = torch.topk(logits, k, dim=1).indices
    onehot = torch.zeros(T, n, dtype=torch.float64)
    onehot.scatter_(1, topi, 1.0)
    euf = onehot.sum(0) / T
    ecc = onehot.t() @ onehot
    presence = torch.zeros(n, vocab, dtype=torch.float64)
    ean = torch.zeros(n, dtype=torch.float64)
    eae = torch.zeros(n, dtype=torch.float64)
    eao = torch.zeros(n, dtype=torch.float64)
    unit = torch.zeros(n, x.shape[1], dtype=torch.float64)
    for p in range(n):
        rows = (topi == p).any(1).nonzero().squeeze(1)
        presence[p, torch.unique(ids[rows])] = 1.0
        xp = x[rows]
        a = torch.nn.functional.linear(
            torch.nn.functional.silu(torch.nn.functional.linear(xp, gate[p]))
            * torch.nn.functional.linear(xp, up[p]), down[p]).double()
        ean[p] = a.square().sum(0).sqrt().sum()
        eae[p] = a.std(0, unbiased=False).log().sum()
        mu, sd = a.mean(), a.std(unbiased=False)
        eao[p] = ((a - mu).abs() > 3 * sd).sum()
        norm = a.norm(dim=1, keepdim=True)
        unit[p] = torch.where(norm > 0, a / norm, torch.zeros_like(a)).mean(0)
    evtc = presence.sum(1) / vocab
    ets = presence @ presence.t()
    sim = unit @ unit.t()
    eas = sim.sum(1) - sim.diagonal()
    return {"EUF": euf, "ECC": ecc, "EVTC": evtc, "ETS": ets, "EAS": eas, "EAE": eae, "EAO": eao,
            "EAN": ean}


def main():
    folder, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    meta = json.load(open(f"{folder}/meta.json"))
    n, k, d, f, T = meta["n"], meta["k"], meta["d"], meta["f"], meta["T"]
    x = load(folder, "x.f32", np.float32, (T, d))
    ids = load(folder, "ids.i64", np.int64, (T,))
    router = load(folder, "router.f32", np.float32, (n, d))
    gate = load(folder, "gate.f32", np.float32, (n, f, d))
    up = load(folder, "up.f32", np.float32, (n, f, d))
    down = load(folder, "down.f32", np.float32, (n, d, f))
    best, out = float("inf"), None
    with torch.no_grad():
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = criteria(x, ids, router, gate, up, down, k, meta["vocab"])
            best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "criteria": {c: v.flatten().tolist() for c, v in out.items()}}))


if __name__ == "__main__":
    main()
