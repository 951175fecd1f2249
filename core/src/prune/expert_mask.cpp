// The kept-expert mask in memory (which experts survive in each MoE layer).
// mask.json reading and writing: expert_mask_json.cpp.
#include "assay/prune/expert_mask.h"

#include <limits>

namespace assay::core::prune {

int LayerMask::keptCount() const {
    int count = 0;
    for (const bool k : kept) count += k ? 1 : 0;
    return count;
}

std::vector<int> LayerMask::keptIndices() const {
    std::vector<int> out;
    for (std::size_t j = 0; j < kept.size(); ++j)
        if (kept[j]) out.push_back(static_cast<int>(j));
    return out;
}

std::vector<int> LayerMask::droppedIndices() const {
    std::vector<int> out;
    for (std::size_t j = 0; j < kept.size(); ++j)
        if (!kept[j]) out.push_back(static_cast<int>(j));
    return out;
}

ExpertMask ExpertMask::full(int numExperts, int topK, const std::vector<int>& layers) {
    ExpertMask mask;
    mask.numExperts = numExperts;
    mask.topK = topK;
    for (const int l : layers) {
        LayerMask& layer = mask.layers[l];
        layer.kept.assign(static_cast<std::size_t>(numExperts), true);
        layer.criterion.assign(static_cast<std::size_t>(numExperts),
                               std::numeric_limits<double>::quiet_NaN());
    }
    return mask;
}

bool ExpertMask::keeps(int layer, int expert) const {
    const auto it = layers.find(layer);
    if (it == layers.end()) return true;
    return expert >= 0 && static_cast<std::size_t>(expert) < it->second.kept.size() &&
           it->second.kept[static_cast<std::size_t>(expert)];
}

int ExpertMask::uniformKeptCount() const {
    if (layers.empty()) return numExperts;
    const int first = layers.begin()->second.keptCount();
    for (const auto& [l, layer] : layers)
        if (layer.keptCount() != first) return -1;
    return first;
}

}  // namespace assay::core::prune
