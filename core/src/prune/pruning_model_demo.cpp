// PruningModel::demo: the trained demo MoE (demo/prune_demo.h) through its backend in the
// LibTorch module; block inputs come from the masked network, gradients from the task loss.
#include <cmath>

#include "assay/core/error.h"
#include "pruning_model_sources.h"

namespace assay::core::prune {

PruningModel PruningModel::demo(const PruneDemoSpec& spec, const PruningOpenOptions& options,
                                JobContext& job) {
    const double f = options.heldOutFraction;
    if (!(f > 0 && f < 1))
        throw ParameterError("held-out fraction", std::to_string(f) + " is outside (0, 1)");
    const int heldOut =
        std::max(1, static_cast<int>(std::lround(spec.calibrationTokens * f / (1.0 - f))));
    job.stage("training the demo model");
    auto m = std::make_unique<Impl>();
    m->source = PruningSource::Demo;
    m->demo = std::shared_ptr<PruneDemoBackend>(makePruneDemoBackend(spec, heldOut, job));
    m->config = m->demo->config();
    m->layers = chooseLayers(options.layers, m->config.moeLayers, [&](int l) {
        if (l < 0 || l >= m->config.numLayers)
            throw ParameterError("layers", "layer " + std::to_string(l) +
                                               " is not a demo layer (0.." +
                                               std::to_string(m->config.numLayers - 1) + ")");
    });
    m->estimation = spec.calibrationTokens;
    m->heldOut = heldOut;
    m->gradientLoss = "task loss (cross-entropy) of the demo model";
    m->vocabularyNote = "|V| = largest demo token id + 1";
    return PruningModelFactory::make(std::move(m));
}

}  // namespace assay::core::prune
