// The checkpoint substitute for the gradient criteria: d(MSE)/dW of each expert's weights, with
// MSE = mean over T·d of (y − target)², y the block output under the mask and the router held
// fixed (routing and combine weights are constants). Derived by hand for SwiGLU:
//   a = x·gateᵀ, b = x·upᵀ, h = silu(a) ⊙ b, A = h·downᵀ, y_t += w_tp A_t
//   G = ∂MSE/∂y = 2 (y − target) / (T·d);  Ĝ_t = w_tp G_t  (∂MSE/∂A_t)
//   ∂down = Ĝᵀ h;  ∂h = Ĝ·down;  ∂b = ∂h ⊙ silu(a);  ∂a = ∂h ⊙ b ⊙ σ(a)(1 + a(1 − σ(a)))
//   ∂gate = ∂aᵀ x;  ∂up = ∂bᵀ x
// summed over token chunks, computed per chunk of f for half-precision weights.
#include "engine_ops.h"
#include "engine_tensors.h"

namespace assay::core::prune::engine {

std::vector<ExpertGradient> mseGradients(const MoeConfig& config, const MoeLayerWeights& w,
                                         const BlockInput& x, const BlockInput& target,
                                         const std::vector<bool>& kept, JobContext& job) {
    Routing r;
    std::vector<float> yv = forwardBlock(config, w, x, kept, &r, JobContext::none());
    const std::int64_t T = x.tokens(), d = x.cols;
    const int n = static_cast<int>(w.experts.size());
    const at::Tensor y = at::from_blob(yv.data(), {T, d}, at::kFloat);
    at::Tensor G = at::empty({T, d}, at::kFloat);
    for (std::int64_t t0 = 0; t0 < T; t0 += kTokenChunk) {
        const std::int64_t t1 = std::min(T, t0 + kTokenChunk);
        G.slice(0, t0, t1).copy_((y.slice(0, t0, t1) - inputRows(target, t0, t1)) *
                                 (2.0 / (static_cast<double>(T) * static_cast<double>(d))));
    }
    const ExpertTokens tokens = expertTokens(r, n);
    std::vector<ExpertGradient> out(static_cast<std::size_t>(n));
    for (int p = 0; p < n; ++p) {
        if (!kept[static_cast<std::size_t>(p)]) continue;
        const ExpertWeights& e = w.experts[static_cast<std::size_t>(p)];
        const std::int64_t f = e.gate.rows();
        ExpertGradient& g = out[static_cast<std::size_t>(p)];
        g.gate.assign(static_cast<std::size_t>(f * d), 0.f);
        g.up.assign(static_cast<std::size_t>(f * d), 0.f);
        g.down.assign(static_cast<std::size_t>(d * f), 0.f);
        at::Tensor dGate = at::from_blob(g.gate.data(), {f, d}, at::kFloat);
        at::Tensor dUp = at::from_blob(g.up.data(), {f, d}, at::kFloat);
        at::Tensor dDown = at::from_blob(g.down.data(), {d, f}, at::kFloat);
        const auto& rows = tokens.rows[static_cast<std::size_t>(p)];
        const std::int64_t step = fChunkRows(e);
        for (std::size_t c0 = 0; c0 < rows.size(); c0 += kTokenChunk) {
            const std::int64_t cnt = std::min<std::int64_t>(kTokenChunk, rows.size() - c0);
            const at::Tensor xp = inputGather(x, rows.data() + c0, cnt);
            const at::Tensor idx =
                at::from_blob(const_cast<std::int64_t*>(rows.data() + c0), {cnt}, at::kLong);
            const at::Tensor wt = at::from_blob(
                const_cast<float*>(tokens.weight[static_cast<std::size_t>(p)].data() + c0),
                {cnt, 1}, at::kFloat);
            const at::Tensor gA = G.index_select(0, idx) * wt;  // [t, d]
            for (std::int64_t f0 = 0; f0 < f; f0 += step) {
                const std::int64_t f1 = std::min(f, f0 + step);
                const ExpertChunk c = expertChunk(e, f0, f1);
                const at::Tensor a = at::linear(xp, c.gate), b = at::linear(xp, c.up);
                const at::Tensor s = at::sigmoid(a);
                const at::Tensor silu = a * s;
                dDown.slice(1, f0, f1).add_(at::mm(gA.t(), silu * b));
                const at::Tensor dh = at::mm(gA, c.down);  // [t, c]
                const at::Tensor db = dh * silu;
                const at::Tensor da = dh * b * s * (1 + a * (1 - s));
                dGate.slice(0, f0, f1).add_(at::mm(da.t(), xp));
                dUp.slice(0, f0, f1).add_(at::mm(db.t(), xp));
            }
        }
        job.progress(p + 1, n);
    }
    return out;
}

}  // namespace assay::core::prune::engine
