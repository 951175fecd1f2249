"""Write Assay's calibration input from a multiple-choice LLM run (NumPy only).

With a real model (PyTorch + transformers), collect per question: the softmax over the option
letters' logits at the answer position (probs [N,K]), M sampled answers (samples [N,M] as option
indices), the gold option (gold [N]) and the domain (group [N]); then call write_calibration():

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    tok = AutoTokenizer.from_pretrained(name)
    model = AutoModelForCausalLM.from_pretrained(name, torch_dtype=torch.bfloat16, device_map="auto")
    letters = [tok.encode(l, add_special_tokens=False)[-1] for l in "ABCD"]
    for q in questions:                      # q.prompt ends with "Answer:"
        ids = tok(q.prompt, return_tensors="pt").to(model.device)
        logits = model(**ids).logits[0, -1, letters].float()
        probs.append(torch.softmax(logits, -1).cpu().numpy())
        out = model.generate(**ids, do_sample=True, temperature=1.0, top_p=0.9, max_new_tokens=1,
                             num_return_sequences=20)
        answers = [tok.decode(o[-1:]).strip() for o in out]
        samples.append(["ABCD".index(a) if a in "ABCD" else -1 for a in answers])
    write_calibration("mmlu.safetensors", probs, samples, gold, group, group_names)

Answers that are not an option (-1 above) are dropped from the frequencies. Run this file
directly (`/usr/bin/python3 capture_calibration.py out.safetensors`) to write a synthetic example.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from assay_safetensors import save_file  # noqa: E402


def write_calibration(path, probs, samples, gold, group=None, group_names=None):
    probs = np.asarray(probs, dtype=np.float32)
    samples = np.asarray(samples, dtype=np.int64)
    n, k = probs.shape
    freqs = np.zeros((n, k), dtype=np.float32)
    for i, row in enumerate(samples):
        valid = row[(row >= 0) & (row < k)]
        if len(valid):
            freqs[i] = np.bincount(valid, minlength=k) / len(valid)
    tensors = {"probs": probs, "freqs": freqs, "gold": np.asarray(gold, dtype=np.int64)}
    metadata = {}
    if group is not None:
        tensors["group"] = np.asarray(group, dtype=np.int64)
        metadata["group_names"] = json.dumps(list(group_names or []))
    save_file(tensors, path, metadata=metadata)


if __name__ == "__main__":
    rng = np.random.default_rng(10)
    n, k, m = 400, 4, 20
    gold = rng.integers(0, k, n)
    logits = rng.normal(0.0, 1.0, (n, k))
    logits[np.arange(n), gold] += 2.0
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    samples = np.array([rng.choice(k, m, p=p) for p in probs])
    write_calibration(sys.argv[1], probs, samples, gold, rng.integers(0, 2, n), ["STEM", "humanities"])
    print(sys.argv[1])
