// The MoE block forward in ATen (moe_weights.h): fp32 router logits, dropped experts at −∞, the
// family's combine rule, top-k, SwiGLU experts over their routed tokens, Qwen's gated shared
// expert.
#include <limits>

#include "assay/core/error.h"
#include "engine_ops.h"
#include "engine_tensors.h"

namespace assay::core::prune::engine {
namespace {

bool renormalises(const MoeConfig& c) {
    return c.family == MoeFamily::Mixtral || c.family == MoeFamily::Demo || c.normTopkProb;
}

void checkKept(const MoeConfig& c, const std::vector<bool>& kept, std::int64_t n) {
    if (static_cast<std::int64_t>(kept.size()) != n)
        throw ParameterError("mask", "has " + std::to_string(kept.size()) + " experts, the layer " +
                                         std::to_string(n));
    int survivors = 0;
    for (bool k : kept) survivors += k ? 1 : 0;
    if (survivors < c.topK)
        throw ParameterError("mask", "keeps " + std::to_string(survivors) +
                                         " experts, fewer than top_k = " + std::to_string(c.topK));
}

}  // namespace

Routing routeBlock(const MoeConfig& config, const MoeLayerWeights& w, const BlockInput& x,
                   const std::vector<bool>& kept, JobContext& job) {
    // Logits summed in double and rounded to fp32: each then depends on its own router row only,
    // not on how a GEMM blocks n rows, so masking and deleting give the same fp32 logits.
    const at::Tensor router = viewTensor(w.router).to(at::kDouble);
    const std::int64_t n = router.size(0), T = x.tokens();
    const int k = config.topK;
    checkKept(config, kept, n);
    const at::Tensor dropped = droppedMask(kept);
    Routing r;
    r.tokens = T;
    r.k = k;
    r.idx.resize(static_cast<std::size_t>(T * k));
    r.weight.resize(static_cast<std::size_t>(T * k));
    for (std::int64_t t0 = 0; t0 < T; t0 += kTokenChunk) {
        const std::int64_t t1 = std::min(T, t0 + kTokenChunk);
        at::Tensor logits = at::linear(inputRows(x, t0, t1).to(at::kDouble), router).to(at::kFloat);
        logits.masked_fill_(dropped, -std::numeric_limits<float>::infinity());
        // Top-k on the masked logits (so a survivor whose probability underflows is still chosen
        // over a dropped expert); the probabilities are monotone in the logits.
        auto [top, idx] = at::topk(logits, k, 1, true, true);
        at::Tensor weight;
        if (config.family == MoeFamily::Mixtral || config.family == MoeFamily::Demo) {
            // softmax over the k selected logits: independent of the dropped experts' entries, so
            // masking and deleting sum in the same order.
            weight = at::softmax(top, 1);
        } else {
            weight = at::softmax(logits, 1).gather(1, idx);
            if (renormalises(config)) weight = weight / weight.sum(1, true);
        }
        const at::Tensor idx32 = idx.to(at::kInt).contiguous();
        const at::Tensor w32 = weight.contiguous();
        std::copy_n(idx32.data_ptr<std::int32_t>(), (t1 - t0) * k, r.idx.begin() + t0 * k);
        std::copy_n(w32.data_ptr<float>(), (t1 - t0) * k, r.weight.begin() + t0 * k);
        job.progress(t1, T);
    }
    return r;
}

std::vector<float> forwardBlock(const MoeConfig& config, const MoeLayerWeights& w,
                                const BlockInput& x, const std::vector<bool>& kept,
                                Routing* routingOut, JobContext& job) {
    Routing r = routeBlock(config, w, x, kept, JobContext::none());
    const std::int64_t T = x.tokens(), d = x.cols;
    const int n = static_cast<int>(w.experts.size());
    std::vector<float> out(static_cast<std::size_t>(T * d), 0.f);
    at::Tensor y = at::from_blob(out.data(), {T, d}, at::kFloat);
    const ExpertTokens tokens = expertTokens(r, n);
    for (int p = 0; p < n; ++p) {
        const auto& rows = tokens.rows[static_cast<std::size_t>(p)];
        for (std::size_t c0 = 0; c0 < rows.size(); c0 += kTokenChunk) {
            const std::int64_t cnt = std::min<std::int64_t>(kTokenChunk, rows.size() - c0);
            const at::Tensor a = applyExpert(w.experts[static_cast<std::size_t>(p)],
                                             inputGather(x, rows.data() + c0, cnt));
            const at::Tensor wt = at::from_blob(
                const_cast<float*>(tokens.weight[static_cast<std::size_t>(p)].data() + c0),
                {cnt, 1}, at::kFloat);
            const at::Tensor idx =
                at::from_blob(const_cast<std::int64_t*>(rows.data() + c0), {cnt}, at::kLong);
            y.index_add_(0, idx, a * wt);
        }
        job.progress(p + 1, n + (w.hasShared ? 1 : 0));
    }
    if (w.hasShared) {
        const at::Tensor gate = fp32(viewTensor(w.sharedGate));
        for (std::int64_t t0 = 0; t0 < T; t0 += kTokenChunk) {
            const std::int64_t t1 = std::min(T, t0 + kTokenChunk);
            const at::Tensor xc = inputRows(x, t0, t1);
            const at::Tensor s = applyExpert(w.shared, xc);
            y.slice(0, t0, t1).add_(at::sigmoid(at::linear(xc, gate)) * s);
        }
        job.progress(n + 1, n + 1);
    }
    if (routingOut != nullptr) *routingOut = std::move(r);
    return out;
}

std::vector<float> forwardDeletedBlock(const MoeConfig& config, const MoeLayerWeights& w,
                                       const BlockInput& x, const std::vector<bool>& kept,
                                       JobContext& job) {
    checkKept(config, kept, static_cast<std::int64_t>(w.experts.size()));
    std::vector<std::int64_t> survivors;
    for (std::size_t p = 0; p < kept.size(); ++p)
        if (kept[p]) survivors.push_back(static_cast<std::int64_t>(p));
    const std::int64_t m = static_cast<std::int64_t>(survivors.size());
    // The router with the dropped rows removed, in the checkpoint's own dtype (a pruned
    // checkpoint stores exactly these rows).
    const at::Tensor router = viewTensor(w.router);
    const at::Tensor rows =
        router.index_select(0, at::from_blob(survivors.data(), {m}, at::kLong)).contiguous();
    MoeLayerWeights del = w;
    del.router.data = rows.data_ptr();
    del.router.shape = {m, router.size(1)};
    del.experts.clear();
    for (std::int64_t p : survivors) del.experts.push_back(w.experts[static_cast<std::size_t>(p)]);
    MoeConfig c = config;
    c.numExperts = static_cast<int>(m);
    return forwardBlock(c, del, x, std::vector<bool>(static_cast<std::size_t>(m), true), nullptr,
                        job);
}

}  // namespace assay::core::prune::engine
