"""Write an Assay routing trace from a Hugging Face MoE model (NumPy only for the file).

With a real model (PyTorch + transformers; Mixtral, Qwen-MoE, OLMoE, ... return router logits
when asked), run text of several domains through it and save per layer the router logits and
the top-k choice, with the domain of every token:

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    tok = AutoTokenizer.from_pretrained(name)
    model = AutoModelForCausalLM.from_pretrained(name, torch_dtype=torch.bfloat16, device_map="auto")
    k = model.config.num_experts_per_tok
    logits_per_layer, domains = None, []
    for domain_id, text in samples:                       # e.g. [(0, "def f(x): ..."), (1, "Le chat ...")]
        ids = tok(text, return_tensors="pt").to(model.device)
        out = model(**ids, output_router_logits=True)
        layers = [l.float().cpu().numpy().reshape(-1, l.shape[-1]) for l in out.router_logits]  # [T, n] each
        logits_per_layer = layers if logits_per_layer is None else [
            np.concatenate([a, b]) for a, b in zip(logits_per_layer, layers)]
        domains += [domain_id] * layers[0].shape[0]
    write_trace("trace.safetensors", logits_per_layer, k, domains, ["code", "french"], model=name)

Run this file directly (`/usr/bin/python3 capture_moe_trace.py out.safetensors`) to write a
synthetic example: 2 layers, 8 experts, top-2, 3 domains whose tokens prefer different experts.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from assay_safetensors import save_file  # noqa: E402


def write_trace(path, router_logits, top_k, domain=None, domain_names=None, model=""):
    """router_logits: one [T, n] array per layer. Writes layers.{l}.router_logits (F32),
    layers.{l}.topk_idx (I64, by descending logit) and layers.{l}.topk_weight (F32, softmax over
    the k chosen logits), domain (I64) and the metadata Assay reads."""
    tensors = {}
    n = router_logits[0].shape[1]
    for l, z in enumerate(router_logits):
        z = np.asarray(z, dtype=np.float32)
        idx = np.argsort(-z, axis=1, kind="stable")[:, :top_k]
        chosen = np.take_along_axis(z, idx, axis=1)
        w = np.exp(chosen - chosen.max(axis=1, keepdims=True))
        tensors[f"layers.{l}.router_logits"] = z
        tensors[f"layers.{l}.topk_idx"] = idx.astype(np.int64)
        tensors[f"layers.{l}.topk_weight"] = (w / w.sum(axis=1, keepdims=True)).astype(np.float32)
    metadata = {"num_experts": str(n), "top_k": str(top_k), "model": model}
    if domain is not None:
        tensors["domain"] = np.asarray(domain, dtype=np.int64)
        metadata["domain_names"] = json.dumps(list(domain_names or []))
    save_file(tensors, path, metadata=metadata)


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    T, n, D = 3000, 8, 3
    domain = rng.integers(0, D, T)
    layers = []
    for _ in range(2):
        z = rng.normal(0.0, 1.0, (T, n))
        z[np.arange(T), (domain * 2) % n] += 2.0        # each domain prefers its own experts
        z[np.arange(T), (domain * 2 + 1) % n] += 1.5
        layers.append(z)
    write_trace(sys.argv[1], layers, 2, domain, ["code", "prose", "math"], model="synthetic")
    print(sys.argv[1])
