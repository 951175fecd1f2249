// The Probes demo's residual MLP (probes_demo_net.h), in the LibTorch module.
#include "probes_demo_net.h"

#include <torch/torch.h>

#include <cmath>
#include <string>

#include "../prune/prune_demo_net.h"  // OneThread: one compute thread, shared with the other demos
#include "../tokens/blas_one_thread.h"  // and OpenBLAS's pool held to one thread
#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::probes::demo {
namespace {

using prune::demo::OneThread;
using tokens::BlasOneThread;

struct Net : torch::nn::Module {
    Net(int inputs, int classes, int layers, int width) : width(width) {
        embed = register_module("embed", torch::nn::Linear(inputs, width));
        for (int l = 0; l < layers; ++l) {
            const std::string n = std::to_string(l);
            norms.push_back(register_module(
                "norm" + n, torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}))));
            up.push_back(register_module("up" + n, torch::nn::Linear(width, 2 * width)));
            down.push_back(register_module("down" + n, torch::nn::Linear(2 * width, width)));
        }
        finalNorm = register_module("finalNorm",
                                    torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
        head = register_module("head", torch::nn::Linear(width, classes));
    }

    // Weights from the seed (SplitMix64, in registration order): normal with LibTorch's default
    // spread (the standard deviation of U(±1/√fan-in), 1/√(3·fan-in)), half scale on
    // the blocks' down projections (the residual stream starts close to the embedding); biases 0,
    // LayerNorm gains 1.
    void initialise(std::uint64_t seed) {
        torch::NoGradGuard noGrad;
        SplitMix64 rng(streamSeed(seed, 0x9B0E));
        for (auto& item : named_parameters()) {
            auto& t = item.value();
            const std::string& name = item.key();
            const bool norm = name.find("orm") != std::string::npos;
            if (name.find("bias") != std::string::npos || norm) {
                t.fill_(norm && name.find("weight") != std::string::npos ? 1.0 : 0.0);
                continue;
            }
            const double fanIn = static_cast<double>(t.size(1));
            const double scale = (name.rfind("down", 0) == 0 ? 0.5 : 1.0) / std::sqrt(3 * fanIn);
            float* p = t.data_ptr<float>();
            for (std::int64_t i = 0; i < t.numel(); ++i)
                p[i] = static_cast<float>(rng.normal() * scale);
        }
    }

    // x [B, k] → logits [B, C]; states (when given) receives h_1..h_L.
    torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor>* states) {
        auto h = embed(x);
        for (std::size_t l = 0; l < up.size(); ++l) {
            h = h + down[l](torch::relu(up[l](norms[l](h))));
            if (states) states->push_back(h);
        }
        return head(finalNorm(h));
    }

    int width;
    torch::nn::Linear embed{nullptr}, head{nullptr};
    std::vector<torch::nn::LayerNorm> norms;
    std::vector<torch::nn::Linear> up, down;
    torch::nn::LayerNorm finalNorm{nullptr};
};

class TrainedNet final : public ProbesDemoNet {
public:
    explicit TrainedNet(const ProbesNetTraining& t)
        : m_inputs(t.inputs), m_net(std::make_shared<Net>(t.inputs, t.classes, t.layers, t.width)) {
        m_net->initialise(t.seed);
    }

    void train(const ProbesNetTraining& t, JobContext& job) {
        const auto items = static_cast<std::int64_t>(t.y.size());
        const auto x =
            torch::from_blob(const_cast<float*>(t.x.data()), {items, t.inputs}, torch::kFloat32);
        const auto y =
            torch::from_blob(const_cast<std::int64_t*>(t.y.data()), {items}, torch::kInt64);
        torch::optim::Adam opt(m_net->parameters(), torch::optim::AdamOptions(t.learningRate));
        SplitMix64 rng(streamSeed(t.seed, 0xBA7C));
        auto batch = torch::empty({t.batch}, torch::kInt64);
        for (int step = 0; step < t.steps; ++step) {
            job.progress(step, t.steps);
            const double lr =
                0.5 * t.learningRate * (1 + std::cos(M_PI * static_cast<double>(step) / t.steps));
            static_cast<torch::optim::AdamOptions&>(opt.param_groups()[0].options()).lr(lr);
            auto* b = batch.data_ptr<std::int64_t>();
            for (int i = 0; i < t.batch; ++i)
                b[i] = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(items)));
            const auto logits = m_net->forward(x.index_select(0, batch), nullptr);
            const auto loss =
                torch::nn::functional::cross_entropy(logits, y.index_select(0, batch));
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        job.progress(t.steps, t.steps);
    }

    ProbesNetOutput run(const float* px, std::int64_t items) const override {
        OneThread one;
        BlasOneThread blas;
        torch::NoGradGuard noGrad;
        const auto x = torch::from_blob(const_cast<float*>(px), {items, m_inputs}, torch::kFloat32);
        std::vector<torch::Tensor> states;
        const auto logits = m_net->forward(x, &states);
        ProbesNetOutput out;
        const auto s = torch::stack(states).contiguous();  // [L, items, D]
        out.states.assign(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
        const auto p = torch::softmax(logits, 1).contiguous();
        out.probabilities.assign(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
        return out;
    }

private:
    int m_inputs;
    std::shared_ptr<Net> m_net;
};

ProbesDemoNet* trainProbesDemoNet(const ProbesNetTraining& t, JobContext& job) {
    const auto items = t.y.size();
    if (t.inputs < 1 || t.classes < 2 || t.layers < 1 || t.width < 1 || t.steps < 0 ||
        t.batch < 1 || items == 0 || t.x.size() != items * static_cast<std::size_t>(t.inputs))
        throw ParameterError("probes demo network", "inconsistent training data");
    for (std::int64_t c : t.y)
        if (c < 0 || c >= t.classes)
            throw ParameterError("probes demo network", "a class outside 0..classes−1");
    OneThread one;
    BlasOneThread blas;
    auto net = std::make_unique<TrainedNet>(t);
    net->train(t, job);
    return net.release();
}

}  // namespace
}  // namespace assay::core::probes::demo

// The entry point (see core/src/torch/torch_entry.cpp for the convention): a plain C name for
// dlsym; C++ types and exceptions pass through it.
extern "C" __attribute__((visibility("default"))) assay::core::probes::demo::ProbesDemoNet*
assay_torch_make_probes_net(const assay::core::probes::demo::ProbesNetTraining& training,
                            assay::core::JobContext& job) {
    return assay::core::probes::demo::trainProbesDemoNet(training, job);
}
