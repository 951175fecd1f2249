#pragma once
// Test-only: a PruningModel over in-memory layers and calibration matrices, as openCheckpoint
// would build it from files (same split, token ids, targets), for the engine tests.
#include "pruning_model_sources.h"

namespace assay::core::prune {

struct TestingModelSpec {
    MoeConfig config;
    std::map<int, MoeLayerWeights> layers;    // views the caller keeps alive
    std::map<int, io::HiddenMatrix> hidden;   // [T,d] per layer
    std::map<int, io::HiddenMatrix> targets;  // optional, [T,d]
    std::vector<std::int64_t> tokenIds;       // optional, [T]
    double vocabSize = 0;                     // 0 = largest id + 1
    PruningOpenOptions options;
};

inline PruningModel makeTestingModel(const TestingModelSpec& spec) {
    auto m = std::make_unique<PruningModel::Impl>();
    m->source = PruningSource::Checkpoint;
    m->config = spec.config;
    for (const auto& [l, w] : spec.layers) m->layers.push_back(l);
    if (!spec.options.layers.empty()) m->layers = spec.options.layers;
    std::int64_t T = 0;
    for (int l : m->layers) {
        PruningModel::Impl::Calibration c{spec.hidden.at(l), std::nullopt};
        if (auto it = spec.targets.find(l); it != spec.targets.end()) c.target = it->second;
        T = c.hidden.rows;
        m->calibration[l] = c;
    }
    m->tokenIds = spec.tokenIds;
    finishCalibrated(*m, T, spec.options, spec.vocabSize);
    auto layers = std::make_shared<std::map<int, MoeLayerWeights>>(spec.layers);
    m->weights = [layers](int l) { return layers->at(l); };
    m->owner = layers;
    return PruningModelFactory::make(std::move(m));
}

}  // namespace assay::core::prune
