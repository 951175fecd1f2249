#pragma once
// Internal to core: the Probes demo's network (probes_demo.h), trained and run in the LibTorch
// module (training needs autograd), entry point
//   extern "C" ProbesDemoNet* assay_torch_make_probes_net(const ProbesNetTraining&, JobContext&)
// (ownership passes to the caller; delete through the virtual destructor). No LibTorch types here.
//
// The network (k inputs, D = width, C classes, L blocks), a pre-LayerNorm residual MLP:
//   embed     h_0 = W_e x + b_e
//   block l   h_l = h_{l−1} + W_2 relu(W_1 LN(h_{l−1}) + b_1) + b_2   (hidden 2D), l = 1..L
//   head      logits = W_c LN(h_L) + b_c
// The states the probes read are h_1..h_L (the residual stream after each block, like a
// transformer's hidden_states[1..L]). Cross-entropy, Adam with a cosine schedule, minibatches
// drawn from the seed; weights drawn from the seed with SplitMix64 (normal, standard deviation
// 1/√(3·fan-in) as LibTorch's default, the residual writers W_2 at half that; biases 0); one
// compute thread (OpenBLAS's pool too): identical bytes on a machine.
#include <cstdint>
#include <memory>
#include <vector>

#include "assay/jobs/job_context.h"

namespace assay::core::probes::demo {

struct ProbesNetTraining {
    std::uint64_t seed = 0;
    int inputs = 0, classes = 0, layers = 0, width = 0;
    int steps = 0, batch = 128;
    double learningRate = 3e-3;
    std::vector<float> x;         // items × inputs
    std::vector<std::int64_t> y;  // items, class 0..classes−1 (the possibly noisy label)
};

struct ProbesNetOutput {
    std::vector<float> states;         // [layers, items, width]: h_1..h_L, layer-major
    std::vector<float> probabilities;  // [items, classes], softmax of the logits
};

class ProbesDemoNet {
public:
    virtual ~ProbesDemoNet() = default;
    // x: items × inputs. Const calls may overlap.
    virtual ProbesNetOutput run(const float* x, std::int64_t items) const = 0;
};

// Loads the module (on demand) or calls directly; defined in probes_demo_factory.cpp.
// ParameterError for inconsistent training data.
std::unique_ptr<ProbesDemoNet> makeProbesDemoNet(const ProbesNetTraining& training,
                                                 JobContext& job);

}  // namespace assay::core::probes::demo
