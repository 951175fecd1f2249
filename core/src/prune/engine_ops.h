#pragma once
// Internal to the Pruning engine (LibTorch module): the operations behind PruneEngine.
#include "prune_engine.h"

namespace assay::core::prune::engine {

Routing routeBlock(const MoeConfig& config, const MoeLayerWeights& w, const BlockInput& x,
                   const std::vector<bool>& kept, JobContext& job);
std::vector<float> forwardBlock(const MoeConfig& config, const MoeLayerWeights& w,
                                const BlockInput& x, const std::vector<bool>& kept,
                                Routing* routingOut, JobContext& job);
std::vector<float> forwardDeletedBlock(const MoeConfig& config, const MoeLayerWeights& w,
                                       const BlockInput& x, const std::vector<bool>& kept,
                                       JobContext& job);
ActivationResult activationSweep(const MoeConfig& config, const MoeLayerWeights& w,
                                 const BlockInput& x, const std::vector<bool>& kept,
                                 const ActivationRequest& what, JobContext& job);
WeightStats weightStats(const MoeConfig& config, const MoeLayerWeights& w,
                        const std::vector<bool>& kept, const WeightRequest& what, JobContext& job);
std::vector<ExpertGradient> mseGradients(const MoeConfig& config, const MoeLayerWeights& w,
                                         const BlockInput& x, const BlockInput& target,
                                         const std::vector<bool>& kept, JobContext& job);
TensorGroupStats gradientStats(const MoeConfig& config, const std::vector<ExpertGradient>& g,
                               const std::vector<bool>& kept);

}  // namespace assay::core::prune::engine
