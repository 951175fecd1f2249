// The Pruning engine's entry point in the LibTorch module (prune_engine.h): one object whose
// virtual calls cross the module boundary.
#include "engine_ops.h"

namespace assay::core::prune {
namespace {

class AtenPruneEngine final : public PruneEngine {
public:
    Routing route(const MoeConfig& c, const MoeLayerWeights& w, const BlockInput& x,
                  const std::vector<bool>& kept, JobContext& job) const override {
        return engine::routeBlock(c, w, x, kept, job);
    }
    std::vector<float> forward(const MoeConfig& c, const MoeLayerWeights& w, const BlockInput& x,
                               const std::vector<bool>& kept, Routing* routing,
                               JobContext& job) const override {
        return engine::forwardBlock(c, w, x, kept, routing, job);
    }
    std::vector<float> forwardDeleted(const MoeConfig& c, const MoeLayerWeights& w,
                                      const BlockInput& x, const std::vector<bool>& kept,
                                      JobContext& job) const override {
        return engine::forwardDeletedBlock(c, w, x, kept, job);
    }
    ActivationResult activations(const MoeConfig& c, const MoeLayerWeights& w, const BlockInput& x,
                                 const std::vector<bool>& kept, const ActivationRequest& what,
                                 JobContext& job) const override {
        return engine::activationSweep(c, w, x, kept, what, job);
    }
    WeightStats weights(const MoeConfig& c, const MoeLayerWeights& w, const std::vector<bool>& kept,
                        const WeightRequest& what, JobContext& job) const override {
        return engine::weightStats(c, w, kept, what, job);
    }
    std::vector<ExpertGradient> mseGradients(const MoeConfig& c, const MoeLayerWeights& w,
                                             const BlockInput& x, const BlockInput& target,
                                             const std::vector<bool>& kept,
                                             JobContext& job) const override {
        return engine::mseGradients(c, w, x, target, kept, job);
    }
    TensorGroupStats gradientStats(const MoeConfig& c, const std::vector<ExpertGradient>& g,
                                   const std::vector<bool>& kept) const override {
        return engine::gradientStats(c, g, kept);
    }
};

}  // namespace
}  // namespace assay::core::prune

extern "C" __attribute__((visibility("default"))) assay::core::prune::PruneEngine*
assay_torch_make_prune_engine() {
    return new assay::core::prune::AtenPruneEngine();
}
