#pragma once
// Tiny Hugging Face MoE checkpoints written by the tests themselves (no Python, no download):
// config.json with each family's real keys and safetensors with the real tensor names, single
// file or sharded with model.safetensors.index.json, F32 / BF16 / F16. Beside the MoE blocks
// they hold the other tensors a real checkpoint has (embeddings, attention, norms, lm_head, and
// for Qwen's dense layers the plain MLP), so exports must copy them.
//
// Values are multiples of 1/64 in [-2, 2], exact in every dtype, drawn from a seed; `values`
// keeps each tensor's elements as written (independent reference for loaders and engines).
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/io/dtype.h"
#include "assay/prune/moe_weights.h"

namespace assay::core::prune::test {

struct TinySpec {
    MoeFamily family = MoeFamily::Mixtral;  // Mixtral, QwenMoe or Olmoe
    int numLayers = 2;
    int hidden = 8;        // d
    int numExperts = 4;    // n
    int topK = 2;          // k
    int expertHidden = 6;  // f
    int sharedExpertHidden = 5;  // Qwen-MoE only; 0 = no shared expert (key written as 0)
    bool normTopkProb = true;    // Qwen-MoE / OLMoE key (Mixtral ignores it)
    int decoderSparseStep = 1;   // Qwen-MoE
    std::vector<int> mlpOnlyLayers;  // Qwen-MoE
    io::DType dtype = io::DType::F32;  // F32, BF16 or F16
    int shards = 1;  // 1: model.safetensors; >1: model-0000i-of-0000N.safetensors + index
    std::uint64_t seed = 1;
    int vocab = 16;  // embed_tokens / lm_head rows
};

struct TinyCheckpoint {
    std::filesystem::path dir;
    TinySpec spec;
    nlohmann::ordered_json config;  // as written to config.json
    std::vector<int> moeLayers;     // computed here independently of the loader
    // Every tensor written: name → elements (C order) as doubles, and its shape and shard.
    std::map<std::string, std::vector<double>> values;
    std::map<std::string, std::vector<std::int64_t>> shapes;
    std::map<std::string, std::string> shardOf;
    const std::vector<double>& value(const std::string& name) const { return values.at(name); }
};

// Writes the checkpoint into dir (created). Returns what was written.
TinyCheckpoint writeTinyCheckpoint(const std::filesystem::path& dir, const TinySpec& spec);
// config.json text for spec (what writeTinyCheckpoint writes), for tests that alter a key.
nlohmann::ordered_json tinyConfig(const TinySpec& spec);
// Rewrites dir/config.json from json (2-space indent).
void writeConfig(const std::filesystem::path& dir, const nlohmann::ordered_json& json);

// The Hugging Face names, spelled out here independently of core/src/prune.
std::string tinyRouterName(MoeFamily family, int l);
// proj: "gate", "up" or "down" (Mixtral: w1, w3, w2).
std::string tinyExpertName(MoeFamily family, int l, int j, const std::string& proj);
std::string tinySharedName(int l, const std::string& proj);  // Qwen-MoE shared_expert
std::string tinySharedGateName(int l);                       // Qwen-MoE shared_expert_gate

// Elements of a weight view as doubles (F32, F16, BF16, F64), for comparisons.
std::vector<double> viewValues(const WeightView& view);
// Bytes of one value in dtype (little endian), exact for multiples of 1/64 in [-2, 2].
void encodeValue(double v, io::DType dtype, unsigned char* out);

}  // namespace assay::core::prune::test
