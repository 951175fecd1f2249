#pragma once
// A Hugging Face MoE checkpoint folder: config.json and safetensors (model.safetensors, or shards
// listed by model.safetensors.index.json). Families and the names read (papers.md §2, issue 9):
//   Mixtral  (architectures MixtralForCausalLM / model_type "mixtral"):
//            model.layers.{l}.block_sparse_moe.gate.weight, ...experts.{j}.w1/w2/w3.weight;
//            num_local_experts, num_experts_per_tok, intermediate_size; every layer is MoE.
//   Qwen-MoE (Qwen2MoeForCausalLM / "qwen2_moe"; Qwen1.5-MoE uses the same):
//            model.layers.{l}.mlp.gate.weight,
//            ...mlp.experts.{j}.gate_proj/up_proj/down_proj.weight,
//            ...mlp.shared_expert.{gate,up,down}_proj.weight, ...mlp.shared_expert_gate.weight;
//            num_experts, num_experts_per_tok, moe_intermediate_size,
//            shared_expert_intermediate_size, norm_topk_prob; layer l is MoE when
//            l ∉ mlp_only_layers and (l + 1) % decoder_sparse_step == 0.
//   OLMoE    (OlmoeForCausalLM / "olmoe"): model.layers.{l}.mlp.gate.weight,
//            ...mlp.experts.{j}.gate_proj/up_proj/down_proj.weight; num_experts,
//            num_experts_per_tok, intermediate_size, norm_topk_prob; every layer is MoE.
// Tensors are read through the memory map and only for the layers asked for.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/prune/expert_mask.h"
#include "assay/prune/moe_weights.h"

namespace assay::core::prune {

class MoeCheckpoint {
public:
    // Reads config.json and the safetensors headers (not the data). InputError naming the file
    // and key: no config.json, unknown architecture (lists the known ones), missing keys, no
    // safetensors, index naming a missing shard.
    static MoeCheckpoint open(const std::filesystem::path& dir);
    MoeCheckpoint(MoeCheckpoint&&) noexcept;
    MoeCheckpoint& operator=(MoeCheckpoint&&) noexcept;
    ~MoeCheckpoint();

    const std::filesystem::path& dir() const;
    const MoeConfig& config() const;
    // Every file the checkpoint reads (config.json, index, shards), for provenance hashes.
    std::vector<std::filesystem::path> files() const;

    // InputError listing the MoE layers when l is not one.
    void requireMoeLayer(int l) const;
    // Views into the memory map, valid while this handle lives; shapes and dtypes checked
    // against config.json (InputError naming the tensor: missing expert tensor, wrong shape).
    MoeLayerWeights layer(int l) const;

    // Writes a pruned copy under outDir: kept experts re-indexed 0..m−1 in ascending order,
    // router rows removed, config.json's expert count (num_local_experts / num_experts) set to m,
    // every other tensor copied unchanged, shards and index rewritten (same sharding scheme).
    // Layers absent from the mask keep all experts. ParameterError when the mask keeps different
    // counts in different layers ("Hugging Face configs hold one expert count for every layer")
    // or fewer than k. Atomic per file; nothing left behind on failure.
    void exportPruned(const ExpertMask& mask, const std::filesystem::path& outDir,
                      JobContext& job = JobContext::none()) const;

private:
    struct Impl;
    explicit MoeCheckpoint(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace assay::core::prune
