#pragma once
// Internal to core: the parts of opening a PruningModel that every source shares.
#include "pruning_model_impl.h"

namespace assay::core::prune {

// The layers to compute with: `asked` (each checked by `check`) or, when empty, `available`.
// ParameterError for a repeated layer.
std::vector<int> chooseLayers(const std::vector<int>& asked, const std::vector<int>& available,
                              const std::function<void(int)>& check);

// Checkpoint-like sources (a checkpoint or an engine test's in-memory model): the split, the
// token ids, |V|, and the gradient loss description from the calibration's targets.
void finishCalibrated(PruningModel::Impl& m, std::int64_t T, const PruningOpenOptions& options,
                      double vocabularyFromMetadata);

}  // namespace assay::core::prune
