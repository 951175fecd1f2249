#!/usr/bin/python3
"""A tiny Hugging Face-style MoE model of one family, built with PyTorch alone (transformers is
not in Debian), saved as a checkpoint folder, and run on random tokens with a forward hook on
each MoE block capturing what the block receives: Assay's calibration file.

The MoE blocks follow transformers' code line for line (MixtralSparseMoeBlock,
Qwen2MoeSparseMoeBlock, OlmoeSparseMoeBlock) and the module paths give the real tensor names;
the attention is a token-wise stand-in (the block's input is what matters here).

    /usr/bin/python3 capture_tiny_moe.py --family mixtral --out DIR [--layers 2] [--experts 4]
        [--top-k 2] [--hidden 16] [--ffn 12] [--tokens 48] [--shards 2] [--dtype bfloat16]
        [--seed 0] [--no-norm-topk] [--sparse-step 2] [--mlp-only 0,3]

writes
    DIR/checkpoint/    config.json, model.safetensors or model-0000i-of-0000N.safetensors + index
    DIR/calib.safetensors    layers.{l}.hidden [T, d] (block inputs), layers.{l}.target [T, d]
                             (the block outputs), token_ids [T]
    DIR/outputs.safetensors  layers.{l}.output [T, d], layers.{l}.router_logits [T, n],
                             layers.{l}.topk_idx [T, k] for checking a reimplementation
Weights are rounded to the saved dtype first, and the forward runs in float32, so the outputs
are those of the saved weights exactly as a float32 reimplementation computes them.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "resources", "python"))
from assay_safetensors import save_file  # noqa: E402


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class MixtralExpert(nn.Module):  # MixtralBlockSparseTop2MLP
    def __init__(self, d, f):
        super().__init__()
        self.w1 = nn.Linear(d, f, bias=False)
        self.w2 = nn.Linear(f, d, bias=False)
        self.w3 = nn.Linear(d, f, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class GluMLP(nn.Module):  # Qwen2MoeMLP / OlmoeMLP
    def __init__(self, d, f):
        super().__init__()
        self.gate_proj = nn.Linear(d, f, bias=False)
        self.up_proj = nn.Linear(d, f, bias=False)
        self.down_proj = nn.Linear(f, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class SparseMoeBlock(nn.Module):
    """family 'mixtral': softmax, top-k, always renormalised; 'qwen2_moe' / 'olmoe': softmax,
    top-k, renormalised only with norm_topk_prob; qwen2_moe adds the sigmoid-gated shared expert."""

    def __init__(self, family, d, f, n, k, norm_topk_prob, shared_f):
        super().__init__()
        self.family, self.top_k, self.num_experts = family, k, n
        self.norm_topk_prob = True if family == "mixtral" else norm_topk_prob
        self.gate = nn.Linear(d, n, bias=False)
        expert = MixtralExpert if family == "mixtral" else GluMLP
        self.experts = nn.ModuleList([expert(d, f) for _ in range(n)])
        if family == "qwen2_moe":
            self.shared_expert = GluMLP(d, shared_f)
            self.shared_expert_gate = nn.Linear(d, 1, bias=False)

    def forward(self, hidden_states):
        batch, seq, d = hidden_states.shape
        hidden_states = hidden_states.view(-1, d)
        router_logits = self.gate(hidden_states)
        routing_weights = F.softmax(router_logits, dim=1, dtype=torch.float)
        routing_weights, selected_experts = torch.topk(routing_weights, self.top_k, dim=-1)
        if self.norm_topk_prob:
            routing_weights /= routing_weights.sum(dim=-1, keepdim=True)
        routing_weights = routing_weights.to(hidden_states.dtype)
        final = torch.zeros((batch * seq, d), dtype=hidden_states.dtype)
        expert_mask = F.one_hot(selected_experts, num_classes=self.num_experts).permute(2, 1, 0)
        for e in range(self.num_experts):
            idx, top_x = torch.where(expert_mask[e])
            current = hidden_states[None, top_x].reshape(-1, d)
            current = self.experts[e](current) * routing_weights[top_x, idx, None]
            final.index_add_(0, top_x, current.to(hidden_states.dtype))
        if self.family == "qwen2_moe":
            shared = self.shared_expert(hidden_states)
            final = final + torch.sigmoid(self.shared_expert_gate(hidden_states)) * shared
        self.last_topk = selected_experts
        return final.reshape(batch, seq, d), router_logits


class StandInAttention(nn.Module):
    """Holds q/k/v/o like the real attention; mixes within a token only."""

    def __init__(self, d, bias):
        super().__init__()
        self.q_proj = nn.Linear(d, d, bias=bias)
        self.k_proj = nn.Linear(d, d, bias=bias)
        self.v_proj = nn.Linear(d, d, bias=bias)
        self.o_proj = nn.Linear(d, d, bias=False)

    def forward(self, x):
        return self.o_proj(torch.tanh(self.v_proj(x)))


class DecoderLayer(nn.Module):
    def __init__(self, a, l, moe):
        super().__init__()
        self.input_layernorm = RMSNorm(a.hidden)
        self.self_attn = StandInAttention(a.hidden, bias=a.family == "qwen2_moe")
        self.post_attention_layernorm = RMSNorm(a.hidden)
        block = (SparseMoeBlock(a.family, a.hidden, a.ffn, a.experts, a.top_k, a.norm_topk, a.shared)
                 if moe else GluMLP(a.hidden, a.dense_ffn))
        if a.family == "mixtral":
            self.block_sparse_moe = block
        else:
            self.mlp = block
        self.moe = moe

    def block(self):
        return self.block_sparse_moe if hasattr(self, "block_sparse_moe") else self.mlp

    def forward(self, h):
        h = h + self.self_attn(self.input_layernorm(h))
        out = self.block()(self.post_attention_layernorm(h))
        return h + (out[0] if isinstance(out, tuple) else out)


class Inner(nn.Module):
    def __init__(self, a, moe_layers):
        super().__init__()
        self.embed_tokens = nn.Embedding(a.vocab, a.hidden)
        self.layers = nn.ModuleList([DecoderLayer(a, l, l in moe_layers) for l in range(a.layers)])
        self.norm = RMSNorm(a.hidden)


class TinyCausalLM(nn.Module):
    def __init__(self, a, moe_layers):
        super().__init__()
        self.model = Inner(a, moe_layers)
        self.lm_head = nn.Linear(a.hidden, a.vocab, bias=False)

    def forward(self, ids):
        h = self.model.embed_tokens(ids)
        for layer in self.model.layers:
            h = layer(h)
        return self.lm_head(self.model.norm(h))


def config_for(a):
    arch = {"mixtral": "MixtralForCausalLM", "qwen2_moe": "Qwen2MoeForCausalLM",
            "olmoe": "OlmoeForCausalLM"}[a.family]
    c = {"architectures": [arch], "model_type": a.family, "hidden_size": a.hidden,
         "num_hidden_layers": a.layers, "num_attention_heads": 2, "num_key_value_heads": 2,
         "num_experts_per_tok": a.top_k, "vocab_size": a.vocab, "rms_norm_eps": 1e-06,
         "rope_theta": 10000.0, "tie_word_embeddings": False, "torch_dtype": a.dtype}
    if a.family == "mixtral":
        c.update({"num_local_experts": a.experts, "intermediate_size": a.ffn,
                  "router_aux_loss_coef": 0.02})
    elif a.family == "qwen2_moe":
        c.update({"num_experts": a.experts, "moe_intermediate_size": a.ffn,
                  "intermediate_size": a.dense_ffn, "shared_expert_intermediate_size": a.shared,
                  "norm_topk_prob": a.norm_topk, "decoder_sparse_step": a.sparse_step,
                  "mlp_only_layers": a.mlp_only})
    else:
        c.update({"num_experts": a.experts, "intermediate_size": a.ffn,
                  "norm_topk_prob": a.norm_topk})
    return c


def moe_layers_of(a):
    if a.family != "qwen2_moe":
        return list(range(a.layers))
    return [l for l in range(a.layers) if l not in a.mlp_only and (l + 1) % a.sparse_step == 0]


def save_checkpoint(model, a, folder):
    os.makedirs(folder, exist_ok=True)
    dtype = getattr(torch, a.dtype)
    state = {k: v.detach().to(dtype).contiguous() for k, v in model.state_dict().items()}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config_for(a), f, indent=2)
    if a.shards <= 1:
        save_file(state, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})
        return
    names = list(state)  # module order, split in contiguous runs as save_pretrained does
    per = -(-len(names) // a.shards)
    weight_map, total = {}, 0
    for i in range(a.shards):
        shard = f"model-{i + 1:05d}-of-{a.shards:05d}.safetensors"
        part = {n: state[n] for n in names[i * per:(i + 1) * per]}
        save_file(part, os.path.join(folder, shard), metadata={"format": "pt"})
        for n, v in part.items():
            weight_map[n] = shard
            total += v.numel() * v.element_size()
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))},
                  f, indent=2)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--family", choices=["mixtral", "qwen2_moe", "olmoe"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--experts", type=int, default=4)
    p.add_argument("--top-k", type=int, default=2)
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--ffn", type=int, default=12)
    p.add_argument("--dense-ffn", type=int, default=20)
    p.add_argument("--shared", type=int, default=10)
    p.add_argument("--vocab", type=int, default=64)
    p.add_argument("--tokens", type=int, default=48)
    p.add_argument("--shards", type=int, default=1)
    p.add_argument("--dtype", choices=["float32", "bfloat16", "float16"], default="float32")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-norm-topk", dest="norm_topk", action="store_false")
    p.add_argument("--sparse-step", type=int, default=1)
    p.add_argument("--mlp-only", default="")
    a = p.parse_args()
    a.mlp_only = [int(x) for x in a.mlp_only.split(",") if x != ""]
    torch.manual_seed(a.seed)
    moe = moe_layers_of(a)
    model = TinyCausalLM(a, set(moe)).eval()
    with torch.no_grad():  # spread the norms a little; round to the saved dtype
        for name, v in model.state_dict().items():
            if name.endswith("layernorm.weight") or name.endswith("norm.weight"):
                v.uniform_(0.5, 1.5)
            v.copy_(v.to(getattr(torch, a.dtype)).float())
    save_checkpoint(model, a, os.path.join(a.out, "checkpoint"))

    captured = {}

    def hook(l):
        def run(module, inputs, output):  # what block_sparse_moe / mlp receives, and returns
            captured[l] = (inputs[0].detach().reshape(-1, a.hidden).clone(),
                           output[0].detach().reshape(-1, a.hidden).clone(), output[1].detach(),
                           module.last_topk.clone())
        return run

    handles = [model.model.layers[l].block().register_forward_hook(hook(l)) for l in moe]
    ids = torch.randint(0, a.vocab, (1, a.tokens))
    with torch.no_grad():
        model(ids)
    for h in handles:
        h.remove()
    calib, outputs = {}, {}
    for l in moe:
        hidden, out, logits, topk = captured[l]
        calib[f"layers.{l}.hidden"] = hidden
        calib[f"layers.{l}.target"] = out
        outputs[f"layers.{l}.output"] = out
        outputs[f"layers.{l}.router_logits"] = logits
        outputs[f"layers.{l}.topk_idx"] = topk.to(torch.int64)
    calib["token_ids"] = ids.reshape(-1).to(torch.int64)
    save_file(calib, os.path.join(a.out, "calib.safetensors"), metadata={"family": a.family})
    save_file(outputs, os.path.join(a.out, "outputs.safetensors"), metadata={"family": a.family})
    print(f"{a.family}: MoE layers {moe}, {a.tokens} tokens -> {a.out}")


if __name__ == "__main__":
    main()
