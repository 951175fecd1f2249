// The Pruning demo model behind PruningModel::demo() (prune_demo_backend.h), in the LibTorch
// module: training, evaluation, gradients and the lottery fine-tune need autograd.
#include "prune_demo_model.h"

#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "prune_demo_checks.h"
#include "prune_demo_net.h"
#include "prune_demo_task.h"

namespace assay::core::prune {
namespace {
using namespace demo;

constexpr int kGradientBatch = 256;       // estimation tokens per forward/backward
constexpr double kFinetuneLrScale = 0.2;  // recovery fine-tune: a fifth of the training rate
constexpr double kWeightDecay = 0.01;     // AdamW's decoupled decay in the fine-tune

void checkSpec(const PruneDemoSpec& s, int heldOut) {
    auto need = [](bool ok, const char* field, const std::string& what) {
        if (!ok) throw ParameterError(field, what);
    };
    need(s.layers >= 1 && s.layers <= 8, "demo layers", "expected 1..8");
    need(s.experts >= 2 && s.experts <= 256, "demo experts", "expected 2..256");
    need(s.topK >= 1 && s.topK <= s.experts, "demo top-k", "expected 1..experts");
    need(s.hidden >= kContent && s.hidden <= 1024, "demo hidden", "expected 8..1024");
    need(s.expertHidden >= 1 && s.expertHidden <= 4096, "demo expert hidden", "expected 1..4096");
    need(s.trainSteps >= 0, "demo steps", "expected 0 (untrained) or more");
    need(s.batchTokens >= 1, "demo batch tokens", "expected at least 1");
    need(s.learningRate > 0, "demo learning rate", "expected a positive rate");
    need(s.balanceWeight >= 0, "demo balance weight", "expected 0 or more");
    need(s.calibrationTokens >= 1, "demo calibration tokens", "expected at least 1");
    need(heldOut >= 1, "held-out tokens", "expected at least 1");
}

// A token set as tensors (the data is copied once; batches are row slices).
struct Tokens {
    TokenSet set;
    torch::Tensor x, label;  // [T,d] float, [T] long
    Tokens(TokenSet s, int d) : set(std::move(s)) {
        x = torch::from_blob(set.x.data(), {set.tokens, d}, torch::kFloat32).clone();
        label = torch::from_blob(set.label.data(), {set.tokens}, torch::kInt64).clone();
    }
};

struct Shared {  // immutable after construction; shared by clones
    PruneDemoSpec spec;
    MoeConfig config;
    Task task;
    Tokens estimation, heldOut;
    Shared(const PruneDemoSpec& s, int heldOutTokens)
        : spec(s),
          task(s.seed, s.hidden),
          estimation(task.sample(1, s.calibrationTokens), s.hidden),
          heldOut(task.sample(2, heldOutTokens), s.hidden) {
        config.family = MoeFamily::Demo;
        config.architecture = "assay prune demo";
        config.numLayers = s.layers;
        for (int l = 0; l < s.layers; ++l) config.moeLayers.push_back(l);
        config.hidden = s.hidden;
        config.numExperts = s.experts;
        config.topK = s.topK;
        config.expertHidden = s.expertHidden;
        config.normTopkProb = true;
    }
};

std::vector<float> toVector(const torch::Tensor& t) {
    const auto c = t.detach().contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

class DemoModel final : public PruneDemoBackendChecks {
public:
    DemoModel(std::shared_ptr<const Shared> shared, DemoWeights w)
        : m_shared(std::move(shared)), m_net(m_shared->spec), m_w(std::move(w)) {}

    const MoeConfig& config() const override { return m_shared->config; }
    std::vector<std::string> domainNames() const override { return Task::domainNames(); }

    MoeLayerWeights layer(int l) const override {
        checkLayer(l);
        const auto& s = m_shared->spec;
        const std::string p = "demo.layers." + std::to_string(l) + ".";
        auto view = [](std::string name, const torch::Tensor& t, std::int64_t offset,
                       std::vector<std::int64_t> shape) {
            WeightView v;
            v.name = std::move(name);
            v.dtype = io::DType::F32;
            v.shape = std::move(shape);
            v.data = t.data_ptr<float>() + offset;  // in-place optimizer steps keep it valid
            return v;
        };
        MoeLayerWeights out;
        out.layer = l;
        out.router = view(p + "router.weight", m_w.router[l], 0, {s.experts, s.hidden});
        const std::int64_t fd = static_cast<std::int64_t>(s.expertHidden) * s.hidden;
        for (int j = 0; j < s.experts; ++j) {
            const std::string e = p + "experts." + std::to_string(j) + ".";
            ExpertWeights ew;
            ew.gate = view(e + "gate.weight", m_w.gate[l], j * fd, {s.expertHidden, s.hidden});
            ew.up = view(e + "up.weight", m_w.up[l], j * fd, {s.expertHidden, s.hidden});
            ew.down = view(e + "down.weight", m_w.down[l], j * fd, {s.hidden, s.expertHidden});
            out.experts.push_back(std::move(ew));
        }
        return out;
    }

    std::vector<float> blockInputs(const ExpertMask& mask, int l, bool heldOut) const override {
        checkLayer(l);
        OneThread one;
        torch::NoGradGuard noGrad;
        return toVector(m_net.blockInput(m_w, tokens(heldOut).x, masks(mask), l));
    }
    std::vector<std::int32_t> tokenIds(bool heldOut) const override {
        return tokens(heldOut).set.tokenId;
    }
    std::vector<std::int32_t> domains(bool heldOut) const override {
        return tokens(heldOut).set.domain;
    }

    DemoTaskResult evaluate(const ExpertMask& mask, JobContext& job) const override {
        OneThread one;
        torch::NoGradGuard noGrad;
        const Tokens& t = m_shared->heldOut;
        job.progress(0, 1);
        const auto logits = m_net.forward(m_w, t.x, masks(mask), false).logits;
        // Loss in double: users read it, and the criteria compare small differences of it.
        const auto logp = torch::log_softmax(logits.to(torch::kFloat64), -1);
        const auto nll = -logp.gather(1, t.label.unsqueeze(1)).squeeze(1);
        const auto hit = (logits.argmax(1) == t.label);
        const auto* hitp = hit.data_ptr<bool>();
        DemoTaskResult r;
        r.loss = nll.mean().item<double>();
        std::vector<double> right(kDomains, 0), count(kDomains, 0);
        double all = 0;
        for (int i = 0; i < t.set.tokens; ++i) {
            count[t.set.domain[i]] += 1;
            right[t.set.domain[i]] += hitp[i] ? 1 : 0;
            all += hitp[i] ? 1 : 0;
        }
        r.accuracy = all / t.set.tokens;
        for (int dom = 0; dom < kDomains; ++dom)
            r.domainAccuracy.push_back(count[dom] > 0 ? right[dom] / count[dom] : std::nan(""));
        job.progress(1, 1);
        return r;
    }

    std::vector<ExpertGradient> gradients(const ExpertMask& mask, int l,
                                          JobContext& job) const override {
        checkLayer(l);
        OneThread one;
        const auto ms = masks(mask);
        const Tokens& t = m_shared->estimation;
        auto gGate = torch::zeros_like(m_w.gate[l]), gUp = torch::zeros_like(m_w.up[l]),
             gDown = torch::zeros_like(m_w.down[l]);
        const int batches = (t.set.tokens + kGradientBatch - 1) / kGradientBatch;
        for (int b = 0; b < batches; ++b) {
            job.progress(b, batches);
            const auto loss = batchLoss(t, b, ms);
            const auto g = torch::autograd::grad({loss}, {m_w.gate[l], m_w.up[l], m_w.down[l]}, {},
                                                 false, false, /*allow_unused=*/true);
            torch::NoGradGuard noGrad;
            if (g[0].defined()) gGate += g[0];
            if (g[1].defined()) gUp += g[1];
            if (g[2].defined()) gDown += g[2];
        }
        job.progress(batches, batches);
        std::vector<ExpertGradient> out(static_cast<std::size_t>(m_shared->spec.experts));
        for (int j = 0; j < m_shared->spec.experts; ++j) {
            if (!keeps(mask, l, j)) {  // exactly zero already; said explicitly
                out[j].gate.assign(static_cast<std::size_t>(gGate[j].numel()), 0.0f);
                out[j].up.assign(static_cast<std::size_t>(gUp[j].numel()), 0.0f);
                out[j].down.assign(static_cast<std::size_t>(gDown[j].numel()), 0.0f);
                continue;
            }
            out[j].gate = toVector(gGate[j]);
            out[j].up = toVector(gUp[j]);
            out[j].down = toVector(gDown[j]);
        }
        return out;
    }

    std::unique_ptr<PruneDemoBackend> clone() const override {
        return std::make_unique<DemoModel>(m_shared, m_w.clone());
    }

    void finetune(const ExpertMask& mask, std::int64_t tokens, std::uint64_t seed,
                  JobContext& job) override;

    double estimationLoss(const ExpertMask& mask) const override {
        OneThread one;
        torch::NoGradGuard noGrad;
        const auto ms = masks(mask);
        const Tokens& t = m_shared->estimation;
        double sum = 0;
        const int batches = (t.set.tokens + kGradientBatch - 1) / kGradientBatch;
        for (int b = 0; b < batches; ++b) sum += batchLoss(t, b, ms).item<double>();
        return sum;
    }

    void perturbExpertWeight(int l, int expert, int matrix, std::int64_t index,
                             float delta) override {
        checkLayer(l);
        torch::NoGradGuard noGrad;
        const torch::Tensor& t = matrix == 0 ? m_w.gate[l] : matrix == 1 ? m_w.up[l] : m_w.down[l];
        t[expert].view({-1})[index] += delta;
    }

    // Training from the seed (Adam, constant rate, as the Experts demo).
    void train(JobContext& job);

private:
    void checkLayer(int l) const {
        if (l < 0 || l >= m_shared->spec.layers)
            throw ParameterError("layer", std::to_string(l) + " is not a layer of the demo (0.." +
                                              std::to_string(m_shared->spec.layers - 1) + ")");
    }
    const Tokens& tokens(bool heldOut) const {
        return heldOut ? m_shared->heldOut : m_shared->estimation;
    }
    std::vector<torch::Tensor> masks(const ExpertMask& mask) const {
        const auto& s = m_shared->spec;
        return logitMasks(mask, s.layers, s.experts, s.topK);
    }
    // Mean cross-entropy of estimation batch b (fp32 logits, double loss).
    torch::Tensor batchLoss(const Tokens& t, int b, const std::vector<torch::Tensor>& ms) const {
        const std::int64_t lo = static_cast<std::int64_t>(b) * kGradientBatch;
        const std::int64_t hi = std::min<std::int64_t>(lo + kGradientBatch, t.set.tokens);
        const auto logits = m_net.forward(m_w, t.x.slice(0, lo, hi), ms, false).logits;
        return torch::nn::functional::cross_entropy(logits.to(torch::kFloat64),
                                                    t.label.slice(0, lo, hi));
    }

    std::shared_ptr<const Shared> m_shared;
    DemoNet m_net;
    DemoWeights m_w;
};

void DemoModel::train(JobContext& job) {
    const PruneDemoSpec& s = m_shared->spec;
    OneThread one;
    const auto ms = masks(ExpertMask{});
    torch::optim::Adam opt(m_w.parameters(), torch::optim::AdamOptions(s.learningRate));
    job.stage("training the pruning demo");
    for (int step = 0; step < s.trainSteps; ++step) {
        job.progress(step, s.trainSteps);
        const Tokens batch(
            m_shared->task.sample(1000 + static_cast<std::uint64_t>(step), s.batchTokens),
            s.hidden);
        const auto out = m_net.forward(m_w, batch.x, ms, true);
        const auto loss = torch::nn::functional::cross_entropy(out.logits, batch.label) +
                          s.balanceWeight * out.balance;
        opt.zero_grad();
        loss.backward();
        opt.step();
    }
    job.progress(s.trainSteps, s.trainSteps);
}

// MoE Lottery's budgeted recovery (papers.md §2): AdamW, cosine schedule from a fifth of the
// training rate to 0, `tokens` tokens in batches of spec.batchTokens drawn from `seed`, a fresh
// optimizer each call. Dropped experts get zero gradient through the −∞ logits, but AdamW's
// decay would still shrink them, so their weights (and router rows) are put back after every
// step: they stay untouched, and restoring them restores the model they came from.
void DemoModel::finetune(const ExpertMask& mask, std::int64_t tokens, std::uint64_t seed,
                         JobContext& job) {
    const PruneDemoSpec& s = m_shared->spec;
    if (tokens < 0) throw ParameterError("fine-tune tokens", "expected 0 or more");
    OneThread one;
    const auto ms = masks(mask);
    const std::int64_t steps = (tokens + s.batchTokens - 1) / s.batchTokens;
    const DemoWeights before = m_w.clone();
    const double lrMax = s.learningRate * kFinetuneLrScale;
    torch::optim::AdamW opt(m_w.parameters(),
                            torch::optim::AdamWOptions(lrMax).weight_decay(kWeightDecay));
    job.stage("fine-tuning the pruned demo");
    for (std::int64_t step = 0; step < steps; ++step) {
        job.progress(step, steps);
        const double lr = 0.5 * lrMax * (1 + std::cos(M_PI * static_cast<double>(step) / steps));
        static_cast<torch::optim::AdamWOptions&>(opt.param_groups()[0].options()).lr(lr);
        const int batchTokens =
            static_cast<int>(std::min<std::int64_t>(s.batchTokens, tokens - step * s.batchTokens));
        const Tokens batch(m_shared->task.sample(streamSeed(seed ^ 0xF17E, step), batchTokens),
                           s.hidden);
        const auto out = m_net.forward(m_w, batch.x, ms, true);
        const auto loss = torch::nn::functional::cross_entropy(out.logits, batch.label) +
                          s.balanceWeight * out.balance;
        opt.zero_grad();
        loss.backward();
        opt.step();
        torch::NoGradGuard noGrad;
        for (int l = 0; l < s.layers; ++l)
            for (int j = 0; j < s.experts; ++j)
                if (!keeps(mask, l, j)) {
                    m_w.router[l][j].copy_(before.router[l][j]);
                    m_w.gate[l][j].copy_(before.gate[l][j]);
                    m_w.up[l][j].copy_(before.up[l][j]);
                    m_w.down[l][j].copy_(before.down[l][j]);
                }
    }
    job.progress(steps, steps);
}

}  // namespace

PruneDemoBackend* makePruneDemoModel(const PruneDemoSpec& spec, int heldOutTokens,
                                     JobContext& job) {
    checkSpec(spec, heldOutTokens);
    OneThread one;
    auto shared = std::make_shared<const Shared>(spec, heldOutTokens);
    auto model = std::make_unique<DemoModel>(shared, DemoWeights::initial(spec, kClasses));
    model->train(job);
    return model.release();
}

}  // namespace assay::core::prune
