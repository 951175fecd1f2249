"""The script a user would write instead of `assay-run coactivation`: NumPy only (the safetensors
package is not in Debian), the trace memory-mapped, pairs counted by a chunked bincount.

usage: coactivation_user_script.py TRACE.safetensors OUT.npy
Writes the co-activation counts of every layer as int64 [L, n, n]."""
import json
import sys

import numpy as np


def main():
    path, out = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        header_len = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(header_len))
    meta = header.pop("__metadata__", {})
    n = int(meta["num_experts"])
    layers = sorted(int(name.split(".")[1]) for name in header if name.endswith(".topk_idx"))
    counts = []
    for layer in layers:
        t = header[f"layers.{layer}.topk_idx"]
        begin, _ = t["data_offsets"]
        tokens, k = t["shape"]
        idx = np.memmap(path, dtype="<i8", mode="r", offset=8 + header_len + begin,
                        shape=(tokens, k))
        c = np.zeros(n * n, dtype=np.int64)
        chunk = 1 << 18  # [chunk, k, k] pair indices: 128 MB
        for start in range(0, tokens, chunk):
            a = idx[start:start + chunk]
            c += np.bincount((a[:, :, None] * n + a[:, None, :]).ravel(), minlength=n * n)
        counts.append(c.reshape(n, n))
    np.save(out, np.stack(counts))


if __name__ == "__main__":
    main()
