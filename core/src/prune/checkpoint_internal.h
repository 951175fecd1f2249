#pragma once
// Internal pieces of MoeCheckpoint (assay/prune/moe_checkpoint.h), one file each:
//   checkpoint_config.cpp     config.json → MoeConfig for the three families
//   checkpoint_names.cpp      each family's tensor names
//   checkpoint_directory.cpp  tensor name → shard, shards opened lazily (memory maps)
//   moe_checkpoint.cpp        the handle and layer assembly (views, no copies)
//   checkpoint_export.cpp     the pruned copy
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assay/io/tensor_file.h"
#include "assay/prune/moe_weights.h"

namespace assay::core::prune::detail {

struct CheckpointConfig {
    MoeConfig config;
    nlohmann::ordered_json json;  // config.json as read, key order kept (the export rewrites it)
    std::string expertCountKey;   // "num_local_experts" (Mixtral) or "num_experts"
    bool sharedFromTensors = false;  // Qwen without shared_expert_intermediate_size: read the shape
};

// InputError "<path>: <key>: <expectation>" for a missing file, bad JSON, an unknown
// architecture (listing the known ones), a missing or out-of-range key.
CheckpointConfig readCheckpointConfig(const std::filesystem::path& path);
// "MixtralForCausalLM (model_type mixtral), ..." for messages.
std::string knownArchitectures();

// ---- tensor names ----------------------------------------------------------------------------
enum class Projection { Gate, Up, Down };
// "model.layers.{l}.block_sparse_moe." (Mixtral) or "model.layers.{l}.mlp." (Qwen-MoE, OLMoE).
std::string blockPrefix(MoeFamily family, int l);
std::string routerName(MoeFamily family, int l);
std::string expertName(MoeFamily family, int l, int j, Projection p);
std::string sharedExpertName(int l, Projection p);  // Qwen-MoE
std::string sharedGateName(int l);                  // Qwen-MoE
// For "model.layers.{l}.<block>experts.{j}.<rest>": l, j and rest; nullopt for other names.
struct ExpertTensorName {
    int layer = 0;
    int expert = 0;
    std::string rest;  // e.g. "w1.weight", "gate_proj.weight"
};
std::optional<ExpertTensorName> parseExpertName(MoeFamily family, const std::string& name);
std::string renamedExpert(MoeFamily family, const ExpertTensorName& parsed, int newIndex);

// ---- tensors over shards ---------------------------------------------------------------------
struct FoundTensor {
    const io::TensorInfo* info = nullptr;
    const unsigned char* data = nullptr;  // in the shard's memory map
    std::string shard;                    // file name
};

class TensorDirectory {
public:
    // model.safetensors.index.json when present (every shard it names must exist), else
    // model.safetensors. InputError naming the file otherwise.
    static std::unique_ptr<TensorDirectory> open(const std::filesystem::path& dir);

    bool sharded() const { return m_sharded; }
    // Shard file names: in the order the index first names them; {"model.safetensors"} if single.
    const std::vector<std::string>& shardNames() const { return m_shards; }
    const nlohmann::ordered_json& index() const { return m_index; }  // null when single
    const std::filesystem::path& dir() const { return m_dir; }
    std::vector<std::filesystem::path> files() const;  // index (if any) and shards

    // nullopt when the checkpoint has no such tensor. InputError when the index names a shard
    // that lacks it, or a shard is malformed (opened on first use).
    std::optional<FoundTensor> find(const std::string& name) const;
    // The shard, memory-mapped on first use (thread-safe).
    const io::TensorFile& shard(const std::string& file) const;
    // Names the index assigns to this shard (sharded only; for checking the export's input).
    std::vector<std::string> indexedIn(const std::string& file) const;

private:
    std::filesystem::path m_dir;
    bool m_sharded = false;
    std::vector<std::string> m_shards;
    nlohmann::ordered_json m_index;
    std::map<std::string, std::string> m_weightMap;  // tensor → shard file
    mutable std::mutex m_mutex;
    mutable std::map<std::string, std::unique_ptr<io::TensorFile>> m_open;
};

inline constexpr const char* kIndexFile = "model.safetensors.index.json";
inline constexpr const char* kSingleFile = "model.safetensors";

}  // namespace assay::core::prune::detail
