#pragma once
// The 16 expert-importance criteria of MC-Suite (papers.md §2(c)), one score per expert and layer.
// A variant says which end is dropped: Min drops the expert with the smallest score, Max the
// largest. Pair criteria (ECC, ETS) score pairs: the pair with the min/max entry is picked and
// its member with the lower usage is dropped; their per-expert "score" for display is, for each
// expert, the min/max over its row (excluding the diagonal and dropped partners).
#include <optional>
#include <string>
#include <vector>

namespace assay::core::prune {

enum class Criterion {
    // weight-guided (no data)
    EWS,
    RWN,
    WSR,
    EWN,
    // inference-guided (routing of calibration tokens)
    EUF,
    ECC,
    EVTC,
    ETS,
    // activation-guided (expert outputs before gate scaling)
    EAS,
    EAE,
    EAO,
    EAN,
    // gradient-guided (demo: task loss; checkpoint: MSE to layers.{l}.target)
    EGS,
    EGE,
    EGO,
    EGN,
};
enum class CriterionGroup { Weight, Inference, Activation, Gradient };
enum class Variant { Min, Max };

inline constexpr int kCriterionCount = 16;
const std::vector<Criterion>& allCriteria();  // in the order above
const char* criterionName(Criterion c);       // "EWS", ...
const char* criterionTitle(Criterion c);      // "expert weight similarity", ...
CriterionGroup criterionGroup(Criterion c);
bool isPairCriterion(Criterion c);  // ECC, ETS
// Case-insensitive; ParameterError listing the names otherwise.
Criterion criterionFromName(const std::string& name);
const char* variantName(Variant v);                // "min", "max"
Variant variantFromName(const std::string& name);  // ParameterError otherwise

}  // namespace assay::core::prune
