// The one translation unit of core that trains, hence the only one with the C++ frontend.
#include "assay/demo/moe_demo.h"

#include <torch/torch.h>

#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::moe {
namespace {

// One compute thread while the demo runs: small matrices gain nothing from more, and one thread
// makes the float sums, hence the trace, independent of the machine's core count.
class OneThread {
public:
    OneThread() : m_saved(at::get_num_threads()) { at::set_num_threads(1); }
    ~OneThread() { at::set_num_threads(m_saved); }
    OneThread(const OneThread&) = delete;
    OneThread& operator=(const OneThread&) = delete;

private:
    int m_saved;
};

struct Routed {
    torch::Tensor logits, idx, weight;  // [B,n], [B,k], [B,k]
    torch::Tensor balance;              // scalar
};

struct MoeLayerImpl : torch::nn::Module {
    MoeLayerImpl(int d, int n, int f, int k) : k(k) {
        router = register_module("router",
                                 torch::nn::Linear(torch::nn::LinearOptions(d, n).bias(false)));
        w1 = register_parameter("w1", torch::randn({n, d, f}) / std::sqrt(static_cast<double>(d)));
        b1 = register_parameter("b1", torch::zeros({n, 1, f}));
        w2 = register_parameter("w2", torch::randn({n, f, d}) / std::sqrt(static_cast<double>(f)));
    }

    // x [B,d] -> [B,d]. Every expert runs on every token (n*B*d*f is small here) and the gates,
    // zero outside the top-k, pick the combination.
    torch::Tensor forward(const torch::Tensor& x, Routed& r) {
        const auto n = w1.size(0);
        r.logits = router(x);
        const auto p = torch::softmax(r.logits, -1);
        auto top = p.topk(k, -1);
        r.idx = std::get<1>(top);
        r.weight = std::get<0>(top) / std::get<0>(top).sum(-1, true);
        const auto gates = torch::zeros_like(p).scatter(1, r.idx, r.weight);  // [B,n]
        const auto h = torch::relu(torch::matmul(x.unsqueeze(0), w1) + b1);   // [n,B,f]
        const auto y = torch::matmul(h, w2);                                  // [n,B,d]
        const auto share =
            torch::zeros_like(p).scatter(1, r.idx, 1.0).mean(0) / k;  // f_i, no gradient
        r.balance = static_cast<double>(n) * (share * p.mean(0)).sum();
        return (gates.t().unsqueeze(-1) * y).sum(0);
    }

    int k;
    torch::nn::Linear router{nullptr};
    torch::Tensor w1, b1, w2;
};
TORCH_MODULE(MoeLayer);

struct MoeNetImpl : torch::nn::Module {
    explicit MoeNetImpl(const MoeDemoSpec& s) {
        for (int l = 0; l < s.layers; ++l)
            layers.push_back(
                register_module("layer" + std::to_string(l),
                                MoeLayer(s.hidden, s.experts, s.expertHidden, s.topK)));
        head = register_module("head", torch::nn::Linear(s.hidden, s.hidden));
    }
    torch::Tensor forward(torch::Tensor h, std::vector<Routed>& routed) {
        routed.resize(layers.size());
        for (std::size_t l = 0; l < layers.size(); ++l) h = h + layers[l]->forward(h, routed[l]);
        return head(h);
    }
    std::vector<MoeLayer> layers;
    torch::nn::Linear head{nullptr};
};
TORCH_MODULE(MoeNet);

// The synthetic task: domain means, domain maps, and batches drawn from one seed.
struct Task {
    Task(const MoeDemoSpec& s) : spec(s) {
        SplitMix64 rng(streamSeed(s.seed, 0));
        const int d = s.hidden;
        mean.resize(static_cast<std::size_t>(s.domains) * d);
        map.resize(static_cast<std::size_t>(s.domains) * d * d);
        for (int dom = 0; dom < s.domains; ++dom) {
            double norm = 0;
            float* mu = &mean[static_cast<std::size_t>(dom) * d];
            for (int i = 0; i < d; ++i) {
                mu[i] = static_cast<float>(rng.normal());
                norm += mu[i] * mu[i];
            }
            for (int i = 0; i < d; ++i)
                mu[i] = static_cast<float>(mu[i] * s.domainSignal / std::sqrt(norm));
        }
        for (float& a : map) a = static_cast<float>(2.0 * rng.normal() / std::sqrt(d));
    }

    // Batch r of `tokens` tokens: inputs [B,d], targets [B,d], domains [B].
    void batch(std::uint64_t r, int tokens, torch::Tensor& x, torch::Tensor& y,
               std::vector<std::int32_t>& dom) const {
        SplitMix64 rng(streamSeed(spec.seed, r));
        const int d = spec.hidden;
        x = torch::empty({tokens, d});
        dom.resize(static_cast<std::size_t>(tokens));
        auto xa = x.accessor<float, 2>();
        for (int t = 0; t < tokens; ++t) {
            dom[t] = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(spec.domains)));
            for (int i = 0; i < d; ++i)
                xa[t][i] = static_cast<float>(mean[static_cast<std::size_t>(dom[t]) * d + i] +
                                              rng.normal());
        }
        const auto maps = torch::from_blob(const_cast<float*>(map.data()), {spec.domains, d, d});
        const auto domT = torch::from_blob(dom.data(), {tokens}, torch::kInt32).to(torch::kLong);
        y = torch::tanh(torch::bmm(maps.index_select(0, domT), x.unsqueeze(-1)).squeeze(-1));
    }

    MoeDemoSpec spec;
    std::vector<float> mean, map;  // [D,d], [D,d,d]
};

// Each check names the option that sets the field (`assay-run moe-demo --tokens`, ...), not the
// field: the message is read by whoever typed the option.
void checkSpec(const MoeDemoSpec& s) {
    auto need = [](bool ok, const char* option, const std::string& what) {
        if (!ok) throw ParameterError(option, what);
    };
    need(s.layers >= 1 && s.layers <= 8, "--layers", "expected 1..8");
    need(s.experts >= 2 && s.experts <= 256, "--experts", "expected 2..256");
    need(s.topK >= 1 && s.topK <= s.experts, "--top-k", "expected 1..experts");
    need(s.hidden >= 4 && s.hidden <= 1024, "--hidden", "expected 4..1024");
    need(s.expertHidden >= 1 && s.expertHidden <= 4096, "--expert-hidden", "expected 1..4096");
    need(s.domains >= 2 && s.domains <= 16, "--domains", "expected 2..16");
    need(s.trainSteps >= 0, "--steps", "expected 0 (untrained) or more");
    need(s.batchTokens >= 1, "--batch-tokens", "expected at least 1");
    need(s.traceTokens >= 1, "--tokens", "expected at least 1 token in the trace");
    need(s.learningRate > 0, "--learning-rate", "expected a positive rate");
    need(s.balanceWeight >= 0, "--balance-weight", "expected 0 or more");
    need(s.domainSignal >= 0, "--domain-signal", "expected 0 or more");
}

template <typename Out, typename In>
std::vector<Out> flat(const torch::Tensor& t) {
    const auto c = t.contiguous();
    const In* p = c.data_ptr<In>();
    return std::vector<Out>(p, p + c.numel());
}

}  // namespace

MoeDemo makeMoeDemo(const MoeDemoSpec& spec, JobContext& job) {
    checkSpec(spec);
    OneThread oneThread;
    torch::manual_seed(spec.seed);
    MoeNet net(spec);
    const Task task(spec);
    MoeDemo out;
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(spec.learningRate));
    torch::Tensor x, y;
    std::vector<std::int32_t> dom;
    std::vector<Routed> routed;
    job.stage("training");
    for (int step = 0; step < spec.trainSteps; ++step) {
        job.progress(step, spec.trainSteps);
        task.batch(1 + static_cast<std::uint64_t>(step), spec.batchTokens, x, y, dom);
        const auto taskLoss = torch::mse_loss(net->forward(x, routed), y);
        auto balance = torch::zeros({});
        for (const Routed& r : routed)
            balance = balance + r.balance / static_cast<double>(routed.size());
        opt.zero_grad();
        (taskLoss + spec.balanceWeight * balance).backward();
        opt.step();
        out.loss.push_back(taskLoss.item<double>());
        out.finalBalanceLoss = balance.item<double>();
    }
    job.progress(spec.trainSteps, spec.trainSteps);

    job.stage("tracing");
    torch::NoGradGuard noGrad;
    task.batch(0xC0FFEE, spec.traceTokens, x, y, dom);  // a stream no training batch uses
    net->forward(x, routed);
    RoutingTrace& tr = out.trace;
    tr.numExperts = spec.experts;
    tr.topK = spec.topK;
    tr.model = "assay MoE demo (seed " + std::to_string(spec.seed) + ", " +
               std::to_string(spec.layers) + " layers, " + std::to_string(spec.trainSteps) +
               " training steps)";
    tr.domain = dom;
    for (int d = 0; d < spec.domains; ++d)
        tr.domainNames.push_back("domain " + std::string(1, static_cast<char>('A' + d)));
    for (std::size_t l = 0; l < routed.size(); ++l) {
        LayerRouting lr;
        lr.tokens = spec.traceTokens;
        lr.k = spec.topK;
        const auto idx = flat<std::int64_t, std::int64_t>(routed[l].idx);
        lr.topkIdx.assign(idx.begin(), idx.end());
        lr.topkWeight = flat<float, float>(routed[l].weight);
        lr.routerLogits = flat<float, float>(routed[l].logits);
        tr.layers.push_back(std::move(lr));
        out.routerWeight.push_back(flat<float, float>(net->layers[l]->router->weight));
    }
    return out;
}

}  // namespace assay::core::moe
