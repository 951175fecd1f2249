#pragma once
// Internal to core: the Pruning compute engine (MoE block forward, masking, activation / weight /
// gradient statistics). Implemented with ATen in the LibTorch module (engine.cmake lists the
// files with assay_torch_sources), reached from assay_core through one entry point
//   extern "C" PruneEngine* assay_torch_make_prune_engine()
// (ownership passes to the caller). Plain C++ types only: the module boundary carries no
// LibTorch type. Weights and inputs are borrowed views in any float dtype; bf16/f16/f64 are
// converted to fp32 chunk by chunk (rows of f, rows of tokens), never as a whole-layer copy.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "assay/io/dtype.h"
#include "assay/jobs/job_context.h"
#include "assay/prune/moe_weights.h"
#include "prune_demo_backend.h"

namespace assay::core::prune {

// Tokens entering a block: a [rows, cols] matrix in any float dtype, optionally restricted to
// the rows listed in `select` (ascending not required), so a held-out split needs no copy.
struct BlockInput {
    io::DType dtype = io::DType::F32;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    const void* data = nullptr;
    const std::int64_t* select = nullptr;  // nullptr: every row
    std::int64_t selected = 0;
    std::int64_t tokens() const { return select ? selected : rows; }
};

// Top-k of the masked router: idx [T,k] (order of descending weight), combine weights [T,k].
struct Routing {
    std::int64_t tokens = 0;
    int k = 0;
    std::vector<std::int32_t> idx;
    std::vector<float> weight;
};

struct ActivationRequest {
    bool eas = false, eae = false, eao = false, ean = false;
};

// Per expert, over the tokens routed to it; expert outputs before gate scaling (papers.md §2(c)).
struct ActivationStats {
    std::int64_t tokens = 0;  // t_p
    double ean = 0;           // Σ_j ‖A[:,j]‖₂
    double eae = 0;           // Σ_j log σ_j (population std over tokens); −∞ if a σ_j = 0
    double eao = 0;           // entries outside μ ± 3σ (μ, σ over all entries of A_p)
    std::vector<double> meanUnit;  // m̂_p [d] (EAS fast form); rows of norm 0 count as 0
};
struct ActivationResult {
    Routing routing;
    std::vector<ActivationStats> experts;  // n (dropped: tokens 0)
    int eaoSecondPass = 0;                 // experts whose A_p spanned several token chunks
};

// Flat statistics of one tensor per expert (the concatenation of gate, up, down): Gram matrix
// for the similarity criteria, norms, the per-matrix column entropies and outlier counts.
struct TensorGroupStats {
    std::vector<double> gram;      // [n,n] ⟨flat_p, flat_q⟩ (0 for dropped)
    std::vector<double> norm;      // n, ‖flat_p‖₂
    std::vector<double> entropy;   // n, Σ_{gate,up,down} Σ_j log σ(M[:,j]) (std over rows)
    std::vector<double> outliers;  // n, entries outside μ ± 3σ of flat_p
};

struct WeightStats {
    TensorGroupStats flat;           // EWS (gram), EWN (norm)
    std::vector<double> routerNorm;  // n, RWN
    std::vector<double> stableRank;  // n, WSR: mean over gate/up/down of ‖W‖_F² / σ₁²
    int powerIterations = 0;         // the most any matrix needed
};

struct WeightRequest {
    bool similarity = false, norm = false, router = false, stableRank = false;
    std::uint64_t seed = 0;   // power-iteration start vectors
    double tolerance = 1e-6;  // relative change of σ₁² between iterations
    int maxIterations = 300;
};

class PruneEngine {
public:
    virtual ~PruneEngine() = default;
    // Router logits in fp32, dropped experts at −∞, the family's combine rule, top-k.
    virtual Routing route(const MoeConfig& config, const MoeLayerWeights& w, const BlockInput& x,
                          const std::vector<bool>& kept, JobContext& job) const = 0;
    // Block output y [T,d] fp32 (row-major) under the mask; routing returned when asked.
    virtual std::vector<float> forward(const MoeConfig& config, const MoeLayerWeights& w,
                                       const BlockInput& x, const std::vector<bool>& kept,
                                       Routing* routing, JobContext& job) const = 0;
    // The same block with the dropped experts deleted: router rows removed, experts re-indexed,
    // no mask. For the "mask = deletion" check.
    virtual std::vector<float> forwardDeleted(const MoeConfig& config, const MoeLayerWeights& w,
                                              const BlockInput& x, const std::vector<bool>& kept,
                                              JobContext& job) const = 0;
    // One sweep over the tokens: routing + per-expert activation statistics.
    virtual ActivationResult activations(const MoeConfig& config, const MoeLayerWeights& w,
                                         const BlockInput& x, const std::vector<bool>& kept,
                                         const ActivationRequest& what, JobContext& job) const = 0;
    virtual WeightStats weights(const MoeConfig& config, const MoeLayerWeights& w,
                                const std::vector<bool>& kept, const WeightRequest& what,
                                JobContext& job) const = 0;
    // d(MSE)/dW per expert, router fixed: MSE = mean over T·d of (y − target)², y under the mask.
    // Dropped experts: empty vectors.
    virtual std::vector<ExpertGradient> mseGradients(const MoeConfig& config,
                                                     const MoeLayerWeights& w, const BlockInput& x,
                                                     const BlockInput& target,
                                                     const std::vector<bool>& kept,
                                                     JobContext& job) const = 0;
    // Statistics of per-expert gradients (demo backend or mseGradients), f×d shapes from config.
    virtual TensorGroupStats gradientStats(const MoeConfig& config,
                                           const std::vector<ExpertGradient>& g,
                                           const std::vector<bool>& kept) const = 0;
};

// The process's engine (module loaded on demand, or linked in); defined in assay_core.
const PruneEngine& pruneEngine();

}  // namespace assay::core::prune
