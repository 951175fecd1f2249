// The Pruning demo's network (prune_demo_net.h).
#include "prune_demo_net.h"

#include <cmath>
#include <limits>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::prune::demo {
namespace {

std::mutex g_threadsMutex;
int g_threadsDepth = 0;
int g_threadsSaved = 1;

torch::Tensor seededNormal(SplitMix64& rng, std::vector<std::int64_t> shape, double scale) {
    auto t = torch::empty(shape, torch::kFloat32);
    float* p = t.data_ptr<float>();
    for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(rng.normal() * scale);
    return t.requires_grad_(true);
}

}  // namespace

OneThread::OneThread() {
    std::lock_guard<std::mutex> lock(g_threadsMutex);
    if (g_threadsDepth++ == 0) {
        g_threadsSaved = at::get_num_threads();
        at::set_num_threads(1);
    }
}

OneThread::~OneThread() {
    std::lock_guard<std::mutex> lock(g_threadsMutex);
    if (--g_threadsDepth == 0) at::set_num_threads(g_threadsSaved);
}

DemoWeights DemoWeights::initial(const PruneDemoSpec& s, int classes) {
    SplitMix64 rng(streamSeed(s.seed, 0x1417));
    const double d = s.hidden, f = s.expertHidden;
    DemoWeights w;
    for (int l = 0; l < s.layers; ++l) {
        w.router.push_back(seededNormal(rng, {s.experts, s.hidden}, 1 / std::sqrt(d)));
        w.gate.push_back(
            seededNormal(rng, {s.experts, s.expertHidden, s.hidden}, 1 / std::sqrt(d)));
        w.up.push_back(seededNormal(rng, {s.experts, s.expertHidden, s.hidden}, 1 / std::sqrt(d)));
        // Half scale: the residual stream starts close to the input.
        w.down.push_back(
            seededNormal(rng, {s.experts, s.hidden, s.expertHidden}, 0.5 / std::sqrt(f)));
    }
    w.headWeight = seededNormal(rng, {classes, s.hidden}, 1 / std::sqrt(d));
    w.headBias = torch::zeros({classes}).requires_grad_(true);
    return w;
}

DemoWeights DemoWeights::clone() const {
    auto copy = [](const torch::Tensor& t) { return t.detach().clone().requires_grad_(true); };
    DemoWeights w;
    for (std::size_t l = 0; l < router.size(); ++l) {
        w.router.push_back(copy(router[l]));
        w.gate.push_back(copy(gate[l]));
        w.up.push_back(copy(up[l]));
        w.down.push_back(copy(down[l]));
    }
    w.headWeight = copy(headWeight);
    w.headBias = copy(headBias);
    return w;
}

std::vector<torch::Tensor> DemoWeights::parameters() const {
    std::vector<torch::Tensor> p;
    for (std::size_t l = 0; l < router.size(); ++l) {
        p.push_back(router[l]);
        p.push_back(gate[l]);
        p.push_back(up[l]);
        p.push_back(down[l]);
    }
    p.push_back(headWeight);
    p.push_back(headBias);
    return p;
}

bool keeps(const ExpertMask& mask, int layer, int expert) {
    const auto it = mask.layers.find(layer);
    return it == mask.layers.end() || it->second.kept.at(static_cast<std::size_t>(expert));
}

std::vector<torch::Tensor> logitMasks(const ExpertMask& mask, int layers, int experts, int topK) {
    for (const auto& [l, lm] : mask.layers)
        if (static_cast<int>(lm.kept.size()) != experts)
            throw ParameterError("mask", "layer " + std::to_string(l) + " has " +
                                             std::to_string(lm.kept.size()) +
                                             " experts, expected " + std::to_string(experts));
    std::vector<torch::Tensor> out;
    for (int l = 0; l < layers; ++l) {
        auto m = torch::zeros({experts});
        float* p = m.data_ptr<float>();
        int kept = 0;
        for (int j = 0; j < experts; ++j) {
            if (keeps(mask, l, j))
                ++kept;
            else
                p[j] = -std::numeric_limits<float>::infinity();
        }
        if (kept < topK)
            throw ParameterError("mask", "layer " + std::to_string(l) + " keeps " +
                                             std::to_string(kept) +
                                             " experts, fewer than k = " + std::to_string(topK));
        out.push_back(m);
    }
    return out;
}

// Every expert runs on every token (n·T·d·f is small here); the gates, zero outside the top-k and
// for dropped experts, pick the combination, so a dropped expert gets exactly zero gradient.
torch::Tensor DemoNet::block(const DemoWeights& w, const torch::Tensor& h, int l,
                             const torch::Tensor& mask, torch::Tensor* balance) const {
    const int k = m_spec.topK;
    const auto z = torch::matmul(h, w.router[l].t()) + mask;  // [T,n]
    const auto top = z.topk(k, -1);
    const auto idx = std::get<1>(top);
    const auto gates = torch::zeros_like(z).scatter(1, idx, torch::softmax(std::get<0>(top), -1));
    const auto hh = h.unsqueeze(0);
    const auto a = torch::silu(torch::matmul(hh, w.gate[l].transpose(1, 2))) *
                   torch::matmul(hh, w.up[l].transpose(1, 2));   // [n,T,f]
    const auto y = torch::matmul(a, w.down[l].transpose(1, 2));  // [n,T,d]
    if (balance) {
        // Switch Transformer's term n·Σ f_i·P_i over the surviving experts (P_i of a dropped
        // expert is 0); f_i (share of routed slots) carries no gradient.
        const auto share = torch::zeros_like(z).scatter(1, idx, 1.0).mean(0) / k;
        *balance =
            static_cast<double>(m_spec.experts) * (share * torch::softmax(z, -1).mean(0)).sum();
    }
    return (gates.t().unsqueeze(-1) * y).sum(0);
}

torch::Tensor DemoNet::blockInput(const DemoWeights& w, const torch::Tensor& x,
                                  const std::vector<torch::Tensor>& masks, int upTo) const {
    auto h = x;
    for (int l = 0; l < upTo; ++l) h = h + block(w, h, l, masks[l], nullptr);
    return h;
}

NetOutput DemoNet::forward(const DemoWeights& w, const torch::Tensor& x,
                           const std::vector<torch::Tensor>& masks, bool withBalance) const {
    NetOutput out;
    auto h = x;
    auto balance = torch::zeros({});
    for (int l = 0; l < m_spec.layers; ++l) {
        torch::Tensor b;
        h = h + block(w, h, l, masks[l], withBalance ? &b : nullptr);
        if (withBalance) balance = balance + b / static_cast<double>(m_spec.layers);
    }
    out.logits = torch::matmul(h, w.headWeight.t()) + w.headBias;
    out.balance = balance;
    return out;
}

}  // namespace assay::core::prune::demo
