// Shared parts of opening a PruningModel (pruning_model_sources.h).
#include "pruning_model_sources.h"

#include <algorithm>
#include <set>

#include "assay/core/error.h"

namespace assay::core::prune {

std::vector<int> chooseLayers(const std::vector<int>& asked, const std::vector<int>& available,
                              const std::function<void(int)>& check) {
    if (asked.empty()) return available;
    std::set<int> seen;
    for (int l : asked) {
        if (!seen.insert(l).second)
            throw ParameterError("layers", "layer " + std::to_string(l) + " is listed twice");
        check(l);
    }
    return asked;
}

void finishCalibrated(PruningModel::Impl& m, std::int64_t T, const PruningOpenOptions& options,
                      double vocabularyFromMetadata) {
    splitRows(T, options.heldOutFraction, options.seed, m.estimationRows, m.heldOutRows);
    m.estimation = static_cast<std::int64_t>(m.estimationRows.size());
    m.heldOut = static_cast<std::int64_t>(m.heldOutRows.size());
    if (vocabularyFromMetadata > 0) {
        m.vocabulary = vocabularyFromMetadata;
        m.vocabularyNote = "|V| = vocab_size from the calibration file's metadata";
    } else if (!m.tokenIds.empty()) {
        m.vocabulary =
            static_cast<double>(*std::max_element(m.tokenIds.begin(), m.tokenIds.end()) + 1);
        m.vocabularyNote = "|V| = largest token id + 1 (no vocab_size in the metadata)";
    }
    std::vector<int> missing;
    for (int l : m.layers)
        if (!m.calibration.at(l).target) missing.push_back(l);
    if (missing.empty()) {
        m.gradientLoss =
            "MSE between the block output and layers.{l}.target (substitute for the "
            "language-model loss; router fixed)";
    } else {
        m.gradientMissing = "needs layers." + std::to_string(missing.front()) +
                            ".target in the calibration file (MSE substitute for the "
                            "language-model loss)";
    }
}

}  // namespace assay::core::prune
