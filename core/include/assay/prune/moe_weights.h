#pragma once
// The weights of one MoE block as Assay computes with them: views into memory someone else owns
// (a checkpoint's memory map, or the demo model's buffers), any float dtype, never copied here.
// The engine converts bf16/f16 to fp32 chunk by chunk on the CPU (LibTorch 1.13 has no half
// matmul there) and uses them natively on CUDA.
//
// Layouts are PyTorch Linear's (out × in, row-major), as Hugging Face stores them:
//   router  [n, d]          logits = x · routerᵀ
//   gate    [f, d]          Mixtral w1, Qwen/OLMoE gate_proj
//   up      [f, d]          Mixtral w3, Qwen/OLMoE up_proj
//   down    [d, f]          Mixtral w2, Qwen/OLMoE down_proj
//   expert(x) = down · (silu(gate · x) ⊙ (up · x))            (SwiGLU)
//   sharedGate [1, d]       Qwen-MoE: y += sigmoid(sharedGate · x) · shared(x)
#include <cstdint>
#include <string>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::prune {

// How the combine weights of the top-k experts are formed from the router logits z:
//  - Mixtral: softmax over the k selected logits (= softmax over all, renormalised over top-k).
//  - Qwen-MoE / OLMoE: softmax over all n logits, top-k of the probabilities, renormalised over
//    the k only when norm_topk_prob is true (else the raw probabilities).
//  - Demo: as Mixtral.
// Dropped experts are masked to −∞ before the softmax, so "all n" means all surviving experts.
enum class MoeFamily { Mixtral, QwenMoe, Olmoe, Demo };
const char* familyName(MoeFamily family);  // "mixtral", "qwen_moe", "olmoe", "demo"

struct MoeConfig {
    MoeFamily family = MoeFamily::Mixtral;
    std::string architecture;    // config.json "architectures"[0] (or "model_type"), for display
    int numLayers = 0;           // decoder layers (num_hidden_layers)
    std::vector<int> moeLayers;  // decoder-layer indices l that are MoE blocks, ascending
    int hidden = 0;              // d (hidden_size)
    int numExperts = 0;          // n (num_local_experts / num_experts)
    int topK = 0;                // k (num_experts_per_tok)
    int expertHidden = 0;        // f (intermediate_size / moe_intermediate_size)
    bool normTopkProb = true;    // Qwen/OLMoE norm_topk_prob; Mixtral/Demo: true by construction
    int sharedExpertHidden = 0;  // Qwen-MoE shared_expert_intermediate_size; 0 = no shared expert
};

// A borrowed tensor: `data` stays valid while the owner (checkpoint handle, demo model) lives.
struct WeightView {
    std::string name;  // full tensor name, for messages ("model.layers.3.mlp.gate.weight")
    io::DType dtype = io::DType::F32;  // F32, F16 or BF16 (F64 accepted, converted)
    std::vector<std::int64_t> shape;
    const void* data = nullptr;
    std::int64_t numel() const;
    std::int64_t rows() const { return shape.empty() ? 1 : shape[0]; }
    std::int64_t cols() const { return shape.size() < 2 ? 1 : shape[1]; }
};

struct ExpertWeights {
    WeightView gate;  // [f, d]
    WeightView up;    // [f, d]
    WeightView down;  // [d, f]
};

struct MoeLayerWeights {
    int layer = 0;                       // decoder-layer index l
    WeightView router;                   // [n, d]
    std::vector<ExpertWeights> experts;  // n
    bool hasShared = false;
    ExpertWeights shared;        // [fs, d], [fs, d], [d, fs] when hasShared
    WeightView sharedGate;       // [1, d] when hasShared
    std::int64_t bytes() const;  // total bytes of all views (for the memory budget)
};

// Throws InputError naming the tensor and the expectation when a view's shape or dtype disagrees
// with `config` (e.g. "model.layers.3.block_sparse_moe.experts.2.w1.weight: shape [64, 32],
// expected [f=128, d=32] from config.json").
void checkLayerWeights(const MoeLayerWeights& layer, const MoeConfig& config,
                       const std::string& label);

}  // namespace assay::core::prune
