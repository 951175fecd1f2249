#pragma once
// What the Pruning view and `assay-run prune` compute with: one handle over a model's MoE layers
// and its calibration tokens, from one of three sources:
//   - a Hugging Face checkpoint + a calibration file (hidden-state format, io/hidden_states.h):
//     every criterion; gradient criteria only where the file has layers.{l}.target (MSE
//     substitute, labelled as such); error = relative reconstruction error of each block's output
//     on held-out tokens;
//   - a routing trace (the Experts view's format): frequency criteria (EUF, ECC, EVTC, ETS) only,
//     the rest unavailable with the reason; load re-routed when the trace has router logits;
//   - the built-in demo (demo/prune_demo.h): everything, plus task loss and per-domain accuracy,
//     gradient criteria from the task loss, and the lottery procedure (fine-tune after each round).
// Calibration tokens are split once (seeded) into an estimation part (criteria) and a held-out part
// (evaluation).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/moe/coactivation.h"
#include "assay/prune/criteria.h"
#include "assay/prune/expert_mask.h"
#include "assay/prune/moe_weights.h"

namespace assay::core::prune {

struct PruneDemoSpec;  // demo/prune_demo.h

enum class PruningSource { Checkpoint, Trace, Demo };

struct PruningOpenOptions {
    std::vector<int> layers;  // decoder-layer indices; empty = every MoE layer the inputs cover
    double heldOutFraction = 0.25;  // of the calibration tokens, for evaluation
    std::uint64_t seed = 0;         // the estimation / held-out split
};

class PruningModel {
public:
    static PruningModel openCheckpoint(const std::filesystem::path& checkpointDir,
                                       const std::filesystem::path& calibration,
                                       const PruningOpenOptions& options = {},
                                       JobContext& job = JobContext::none());
    static PruningModel openTrace(const std::filesystem::path& trace,
                                  const PruningOpenOptions& options = {},
                                  JobContext& job = JobContext::none());
    static PruningModel demo(const PruneDemoSpec& spec, const PruningOpenOptions& options = {},
                             JobContext& job = JobContext::none());
    PruningModel(PruningModel&&) noexcept;
    PruningModel& operator=(PruningModel&&) noexcept;
    ~PruningModel();

    PruningSource source() const;
    const MoeConfig& config() const;
    const std::vector<int>& layers() const;  // the layers this handle computes with
    std::int64_t estimationTokens() const;
    std::int64_t heldOutTokens() const;
    bool hasWeights() const;                       // checkpoint, demo
    bool hasTaskLoss() const;                      // demo
    std::vector<std::string> domainNames() const;  // demo (task accuracy per domain)
    // Why a criterion cannot be computed here ("" = it can), e.g. "needs expert weights: a
    // routing trace has none" or "needs layers.3.target in the calibration file (MSE substitute
    // for the language-model loss)".
    std::string unavailableReason(Criterion c) const;
    // How gradient criteria are computed here, for figure notes ("task loss of the demo model",
    // "MSE between the block output and layers.{l}.target").
    std::string gradientLossDescription() const;
    std::vector<std::filesystem::path> inputFiles() const;  // for provenance hashes

    struct Impl;
    Impl& impl() const;

private:
    friend struct PruningModelFactory;  // core/src/prune: sources and the engine tests' models
    explicit PruningModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// ---- criteria --------------------------------------------------------------------------------

struct CriterionValues {
    Criterion criterion = Criterion::EAN;
    std::string unavailable;                      // non-empty: not computed, and why
    std::map<int, std::vector<double>> perLayer;  // layer → n scores (NaN for dropped experts)
    // Pair criteria: the n×n pair matrix per layer (row-major), else empty.
    std::map<int, std::vector<double>> pairs;
    std::string note;  // e.g. how the gradient loss was defined
};

// Computes the asked criteria on the sub-network `current` (dropped experts masked out of the
// routing) over the estimation tokens; activation criteria share one sweep (plus a second for
// the ones that need statistics first). Progress per layer and sweep; cancellable.
std::vector<CriterionValues> computeCriteria(const PruningModel& model, const ExpertMask& current,
                                             const std::vector<Criterion>& which,
                                             JobContext& job = JobContext::none());

// The expert `variant` would drop next in `layer` given the values (pair rule for ECC/ETS, with
// `usage` [n] breaking the pair); −1 when every surviving expert is needed (kept == k).
int expertToDrop(const CriterionValues& values, int layer, Variant variant,
                 const LayerMask& current, const std::vector<double>& usage);

// ---- procedures ------------------------------------------------------------------------------

enum class Procedure { OneShot, Iterative, Lottery };
const char* procedureName(Procedure p);                // "one-shot", "iterative", "lottery"
Procedure procedureFromName(const std::string& name);  // ParameterError otherwise

struct ProcedureSpec {
    Criterion criterion = Criterion::EAN;
    Variant variant = Variant::Min;
    Procedure procedure = Procedure::OneShot;
    double sparsity = 0.5;  // fraction of each layer's n experts dropped (rounded to nearest)
    std::uint64_t seed = 0;
    std::int64_t lotteryTokens = 2048;  // fine-tune budget of round 1, doubled every round (demo)
};

// Drops round(sparsity · n) experts per layer: one-shot scores once; iterative re-estimates the
// criterion on the current sub-network before each round and drops one expert per layer per round;
// lottery = iterative + budgeted fine-tune after each round (demo only; ParameterError elsewhere).
// ParameterError when fewer than k experts would remain, or the criterion is unavailable (reason).
ExpertMask prune(const PruningModel& model, const ProcedureSpec& spec,
                 JobContext& job = JobContext::none());

// ---- evaluation ------------------------------------------------------------------------------

struct MaskEvaluation {
    bool hasError = false;                // needs weights
    std::map<int, double> relativeError;  // layer → ‖y_mask − y_full‖² / ‖y_full‖², held out
    double meanRelativeError = 0;         // over the layers
    bool hasLoad = false;
    std::map<int, std::vector<std::int64_t>>
        load;                      // layer → tokens per expert (held out); 0 if dropped
    std::map<int, double> loadCv;  // std/mean over surviving experts
    std::map<int, moe::Coactivation> coactivation;  // surviving routing, same core code as Experts
    bool hasTask = false;                           // demo
    double taskLoss = 0;
    double taskAccuracy = 0;
    std::vector<double> domainAccuracy;  // index = domain
};

// The masked model on the held-out tokens. Cheap enough for the live mask editor on the demo.
MaskEvaluation evaluateMask(const PruningModel& model, const ExpertMask& mask,
                            JobContext& job = JobContext::none());

// Error (demo: task loss) after removing each single expert: layer → n values.
std::map<int, std::vector<double>> criticalityMap(const PruningModel& model,
                                                  JobContext& job = JobContext::none());

struct CurvePoint {
    double sparsity = 0;
    int dropped = 0;      // experts dropped per layer
    double error = 0;     // mean relative reconstruction error (NaN without weights)
    double loss = 0;      // demo task loss (NaN otherwise)
    double accuracy = 0;  // demo (NaN otherwise)
};
struct PruningCurve {
    Criterion criterion = Criterion::EAN;
    Variant variant = Variant::Min;
    Procedure procedure = Procedure::OneShot;
    std::vector<CurvePoint> points;  // dropped = 0 .. n − k
};
PruningCurve pruningCurve(const PruningModel& model, Criterion criterion, Variant variant,
                          Procedure procedure, JobContext& job = JobContext::none());

// Per layer and expert: 0 = both drop, 1 = they disagree, 2 = both keep.
enum class Agreement { BothDrop = 0, Disagree = 1, BothKeep = 2 };
std::map<int, std::vector<Agreement>> agreementGrid(const ExpertMask& a, const ExpertMask& b);

}  // namespace assay::core::prune
