#pragma once
// Adam training of a small dense network (tanh hidden layers; none = a linear / logistic model)
// for the synthetic sets' clean and shortcut models: plain C++, one thread, the same numbers on
// every run for the same seed (Xavier-uniform initialisation and the batch order from SplitMix64).
#include <cstdint>
#include <vector>

#include "assay/explain/model.h"
#include "assay/jobs/job_context.h"

namespace assay::core::explain::detail {

enum class TrainLoss { SquaredError, SoftmaxCrossEntropy };

struct TrainSpec {
    std::vector<int> sizes;  // D, hidden..., outputs (SoftmaxCrossEntropy: outputs = classes)
    TrainLoss loss = TrainLoss::SquaredError;
    int epochs = 10;
    int batch = 64;
    double learningRate = 0.01;
    double l2 = 0;  // weight decay on W (not b), added to the gradient
    std::uint64_t seed = 0;
};

// X: n × D; y: n (a target, or the class index 0..C−1). Progress: one step per epoch.
std::vector<DenseLayer> trainNetwork(const std::vector<double>& X, std::int64_t n,
                                     const std::vector<double>& y, const TrainSpec& spec,
                                     JobContext& job);

// The network's raw outputs (before any softmax) for one row: what training fits.
std::vector<double> networkForward(const std::vector<DenseLayer>& layers, const double* row);

}  // namespace assay::core::explain::detail
