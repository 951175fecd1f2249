#pragma once
// Which experts survive, per MoE layer, and how the choice was made. Written as mask.json by
// `assay-run prune` and the view's export; read back into the mask editor and by the checkpoint
// exporter.
//
// mask.json:
// { "format": "assay-expert-mask", "version": 1, "num_experts": n, "top_k": k,
//   "criterion": "EAN", "variant": "min", "procedure": "one-shot", "sparsity": 0.5,
//   "layers": { "3": { "kept": [0,1,4,...], "dropped": [2,...],       // ascending
//                      "drop_order": [2,...],                        // as the procedure dropped
//                      "criterion_values": [n doubles, null where not computed] } , ... } }
// Layer keys are decoder-layer indices l of model.layers.{l}.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace assay::core::prune {

struct LayerMask {
    std::vector<bool> kept;         // n
    std::vector<int> dropOrder;     // experts in the order they were dropped
    std::vector<double> criterion;  // n values the last decision used (NaN = not computed)
    int keptCount() const;
    std::vector<int> keptIndices() const;
    std::vector<int> droppedIndices() const;
};

struct ExpertMask {
    int numExperts = 0;
    int topK = 0;
    std::string criterion;  // "EAN", or "manual" for the editor
    std::string variant;    // "min" / "max" / ""
    std::string procedure;  // "one-shot" / "iterative" / "lottery" / "manual"
    double sparsity = 0;
    std::map<int, LayerMask> layers;  // decoder-layer index → mask

    // Every expert kept in the given layers.
    static ExpertMask full(int numExperts, int topK, const std::vector<int>& layers);
    bool keeps(int layer, int expert) const;  // true for layers absent from the map
    // Same kept count in every layer (what a Hugging Face config can express), else nullopt-like
    // -1.
    int uniformKeptCount() const;
};

// Atomic write. OutputError on failure.
void writeExpertMask(const ExpertMask& mask, const std::filesystem::path& path);
// InputError naming the file and the key for malformed JSON, indices outside [0,n), a layer
// keeping fewer than k experts, kept ∪ dropped ≠ all experts.
ExpertMask readExpertMask(const std::filesystem::path& path);

}  // namespace assay::core::prune
