// config.json of a Hugging Face MoE checkpoint → MoeConfig. The keys and defaults are those of
// transformers' MixtralConfig, Qwen2MoeConfig (also Qwen1.5-MoE) and OlmoeConfig: a key the
// class gives a default may be absent, the sizes may not.
#include <algorithm>
#include <fstream>
#include <set>

#include "assay/core/error.h"
#include "checkpoint_internal.h"

namespace assay::core::prune::detail {
namespace {

using nlohmann::ordered_json;

struct Known {
    const char* architecture;
    const char* modelType;
    MoeFamily family;
};
constexpr Known kKnown[] = {
    {"MixtralForCausalLM", "mixtral", MoeFamily::Mixtral},
    {"Qwen2MoeForCausalLM", "qwen2_moe", MoeFamily::QwenMoe},
    {"OlmoeForCausalLM", "olmoe", MoeFamily::Olmoe},
};

struct Keys {
    std::string file;
    const ordered_json& doc;

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw InputError(file, key, problem);
    }
    // Required when no fallback is given.
    int integer(const std::string& key, int minimum, std::optional<int> fallback = {}) const {
        const auto it = doc.find(key);
        if (it == doc.end() || it->is_null()) {
            if (fallback) return *fallback;
            fail(key, "missing, expected an integer >= " + std::to_string(minimum));
        }
        if (!it->is_number_integer() || it->get<std::int64_t>() < minimum ||
            it->get<std::int64_t>() > 1'000'000'000)
            fail(key, "is " + it->dump() + ", expected an integer >= " + std::to_string(minimum));
        return static_cast<int>(it->get<std::int64_t>());
    }
    bool boolean(const std::string& key, bool fallback) const {
        const auto it = doc.find(key);
        if (it == doc.end() || it->is_null()) return fallback;
        if (!it->is_boolean()) fail(key, "is " + it->dump() + ", expected true or false");
        return it->get<bool>();
    }
    std::vector<int> integers(const std::string& key) const {
        const auto it = doc.find(key);
        if (it == doc.end() || it->is_null()) return {};
        if (!it->is_array()) fail(key, "is " + it->dump() + ", expected a list of layer indices");
        std::vector<int> out;
        for (const auto& v : *it) {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
                fail(key, "holds " + v.dump() + ", expected layer indices >= 0");
            out.push_back(static_cast<int>(v.get<std::int64_t>()));
        }
        return out;
    }
    std::string text(const std::string& key) const {
        const auto it = doc.find(key);
        return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
    }
};

const Known* findFamily(const Keys& keys, std::string& architecture) {
    std::string first;
    if (const auto it = keys.doc.find("architectures"); it != keys.doc.end()) {
        if (!it->is_array() || (!it->empty() && !(*it)[0].is_string()))
            keys.fail("architectures", "is " + it->dump() + ", expected a list of class names");
        if (!it->empty()) first = (*it)[0].get<std::string>();
    }
    const std::string modelType = keys.text("model_type");
    // The class name decides; model_type serves configs that lack it (or name a subclass).
    for (const Known& k : kKnown)
        if (first == k.architecture) {
            architecture = first;
            return &k;
        }
    for (const Known& k : kKnown)
        if (modelType == k.modelType) {
            architecture = first.empty() ? modelType : first;
            return &k;
        }
    if (first.empty() && modelType.empty())
        keys.fail("architectures", "missing (and no model_type), expected one of " +
                                       knownArchitectures());
    keys.fail(first.empty() ? "model_type" : "architectures",
              (first.empty() ? modelType : first) + " is not a known MoE architecture, expected " +
                  knownArchitectures());
}

}  // namespace

std::string knownArchitectures() {
    std::string s;
    for (const Known& k : kKnown)
        s += std::string(s.empty() ? "" : ", ") + k.architecture + " (model_type " + k.modelType +
             ")";
    return s;
}

CheckpointConfig readCheckpointConfig(const std::filesystem::path& path) {
    CheckpointConfig out;
    const std::string file = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(file, "",
                         "missing or unreadable: a Hugging Face checkpoint folder holds "
                         "config.json beside its safetensors");
    try {
        out.json = ordered_json::parse(in);
    } catch (const ordered_json::exception& e) {
        throw InputError(file, "", std::string("not valid JSON: ") + e.what());
    }
    if (!out.json.is_object()) throw InputError(file, "", "expected a JSON object");
    const Keys keys{file, out.json};
    MoeConfig& c = out.config;
    const Known* known = findFamily(keys, c.architecture);
    c.family = known->family;
    c.numLayers = keys.integer("num_hidden_layers", 1);
    c.hidden = keys.integer("hidden_size", 1);
    switch (c.family) {
        case MoeFamily::Mixtral:
            out.expertCountKey = "num_local_experts";
            c.expertHidden = keys.integer("intermediate_size", 1);
            c.normTopkProb = true;  // Mixtral renormalises over the top-k by construction
            break;
        case MoeFamily::QwenMoe:
            out.expertCountKey = "num_experts";
            c.expertHidden = keys.integer("moe_intermediate_size", 1);
            c.normTopkProb = keys.boolean("norm_topk_prob", false);
            c.sharedExpertHidden = keys.integer("shared_expert_intermediate_size", 0, -1);
            out.sharedFromTensors = c.sharedExpertHidden < 0;
            if (out.sharedFromTensors) c.sharedExpertHidden = 0;
            break;
        case MoeFamily::Olmoe:
        case MoeFamily::Demo:
            out.expertCountKey = "num_experts";
            c.expertHidden = keys.integer("intermediate_size", 1);
            c.normTopkProb = keys.boolean("norm_topk_prob", false);
            break;
    }
    c.numExperts = keys.integer(out.expertCountKey, 1);
    c.topK = keys.integer("num_experts_per_tok", 1);
    if (c.topK > c.numExperts)
        keys.fail("num_experts_per_tok", "is " + std::to_string(c.topK) + ", expected at most " +
                                             out.expertCountKey + " = " +
                                             std::to_string(c.numExperts));
    if (c.family == MoeFamily::QwenMoe) {
        // Qwen2MoeDecoderLayer: sparse when l not in mlp_only_layers and (l+1) % step == 0.
        const int step = keys.integer("decoder_sparse_step", 1, 1);
        const std::vector<int> dense = keys.integers("mlp_only_layers");
        const std::set<int> denseSet(dense.begin(), dense.end());
        for (int l = 0; l < c.numLayers; ++l)
            if (!denseSet.count(l) && (l + 1) % step == 0) c.moeLayers.push_back(l);
        if (c.moeLayers.empty())
            keys.fail("decoder_sparse_step",
                      "with mlp_only_layers leaves no MoE layer among the " +
                          std::to_string(c.numLayers) + " decoder layers");
    } else {
        for (int l = 0; l < c.numLayers; ++l) c.moeLayers.push_back(l);
    }
    return out;
}

}  // namespace assay::core::prune::detail
