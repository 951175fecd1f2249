// Dropping procedures (papers.md §2(c)): one-shot, iterative with re-estimation, and the MoE
// Lottery (iterative + budgeted fine-tune of the demo after each round); the pruning curve and
// the agreement grid built on them.
#include <cmath>
#include <functional>
#include <limits>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "pruning_model_impl.h"
#include "sub_job.h"

namespace assay::core::prune {
namespace {

// step(dropped, mask, model): called with 0 .. drops experts dropped per layer; `model` is the
// network the mask applies to (the fine-tuned copy for the lottery).
using StepFn = std::function<void(int, const ExpertMask&, const PruningModel&)>;

std::vector<double> usageFor(const std::vector<CriterionValues>& v, int l) {
    for (const CriterionValues& c : v)
        if (c.criterion == Criterion::EUF && c.unavailable.empty()) return c.perLayer.at(l);
    return {};
}

void dropOne(ExpertMask& mask, const std::vector<CriterionValues>& values, int l, Variant variant) {
    LayerMask& lm = mask.layers.at(l);
    const std::vector<double> usage = usageFor(values, l);
    const int e = expertToDrop(values.front(), l, variant, lm, usage);
    if (e < 0)
        throw ParameterError("criterion", std::string(criterionName(values.front().criterion)) +
                                              ": no expert of layer " + std::to_string(l) +
                                              " has a value to drop by");
    lm.kept[static_cast<std::size_t>(e)] = false;
    lm.dropOrder.push_back(e);
    lm.criterion = values.front().perLayer.at(l);
}

int dropsFor(const PruningModel& model, double sparsity) {
    const MoeConfig& c = model.config();
    if (!(sparsity >= 0 && sparsity < 1))
        throw ParameterError("sparsity", std::to_string(sparsity) + " is outside [0, 1)");
    const int drops = static_cast<int>(std::lround(sparsity * c.numExperts));
    if (c.numExperts - drops < c.topK)
        throw ParameterError(
            "sparsity",
            std::to_string(sparsity) + " drops " + std::to_string(drops) + " of " +
                std::to_string(c.numExperts) +
                " experts per layer, leaving fewer than top_k = " + std::to_string(c.topK));
    return drops;
}

void runProcedure(const PruningModel& model, const ProcedureSpec& spec, int drops, ExpertMask& mask,
                  const StepFn& step, JobContext& job) {
    const PruningModel::Impl& m = model.impl();
    const std::string reason = model.unavailableReason(spec.criterion);
    if (!reason.empty())
        throw ParameterError("criterion",
                             std::string(criterionName(spec.criterion)) + ": " + reason);
    if (spec.procedure == Procedure::Lottery && !m.demo)
        throw ParameterError(
            "procedure",
            "lottery fine-tunes the network after each round, which needs the demo "
            "model (a checkpoint's or trace's network is not trainable here)");
    std::vector<Criterion> which{spec.criterion};
    if (isPairCriterion(spec.criterion)) which.push_back(Criterion::EUF);  // breaks the pair
    mask = fullMaskOf(m);
    mask.criterion = criterionName(spec.criterion);
    mask.variant = variantName(spec.variant);
    mask.procedure = procedureName(spec.procedure);
    mask.sparsity = static_cast<double>(drops) / m.config.numExperts;
    if (step) step(0, mask, model);
    if (spec.procedure == Procedure::OneShot) {
        SubJob sub(job, 0, 1);
        const std::vector<CriterionValues> values = computeCriteria(model, mask, which, sub);
        for (int r = 1; r <= drops; ++r) {
            for (int l : m.layers) dropOne(mask, values, l, spec.variant);
            if (step) step(r, mask, model);
        }
        return;
    }
    // Iterative / lottery: re-estimate on the current sub-network, one expert per layer per round.
    std::unique_ptr<PruningModel> tuned;
    if (spec.procedure == Procedure::Lottery) {
        auto copy = m.copy();
        copy->demo = std::shared_ptr<PruneDemoBackend>(m.demo->clone());
        tuned = std::make_unique<PruningModel>(PruningModelFactory::make(std::move(copy)));
    }
    const PruningModel& current = tuned ? *tuned : model;
    std::int64_t budget = spec.lotteryTokens;
    for (int r = 1; r <= drops; ++r) {
        job.stage("round " + std::to_string(r) + " of " + std::to_string(drops));
        SubJob sub(job, r - 1, drops);
        const std::vector<CriterionValues> values = computeCriteria(current, mask, which, sub);
        for (int l : m.layers) dropOne(mask, values, l, spec.variant);
        if (tuned) {
            tuned->impl().demo->finetune(mask, budget,
                                         streamSeed(spec.seed, static_cast<std::uint64_t>(r)), sub);
            std::lock_guard<std::mutex> lock(tuned->impl().cacheMutex);
            tuned->impl().fullOutputs.clear();
            budget *= 2;
        }
        if (step) step(r, mask, current);
    }
}

}  // namespace

const char* procedureName(Procedure p) {
    switch (p) {
        case Procedure::OneShot:
            return "one-shot";
        case Procedure::Iterative:
            return "iterative";
        case Procedure::Lottery:
            return "lottery";
    }
    return "one-shot";
}

Procedure procedureFromName(const std::string& name) {
    for (Procedure p : {Procedure::OneShot, Procedure::Iterative, Procedure::Lottery})
        if (name == procedureName(p)) return p;
    throw ParameterError("procedure", "'" + name + "' is not one of one-shot, iterative, lottery");
}

ExpertMask prune(const PruningModel& model, const ProcedureSpec& spec, JobContext& job) {
    const int drops = dropsFor(model, spec.sparsity);
    ExpertMask mask;
    runProcedure(model, spec, drops, mask, nullptr, job);
    mask.sparsity = spec.sparsity;
    return mask;
}

PruningCurve pruningCurve(const PruningModel& model, Criterion criterion, Variant variant,
                          Procedure procedure, JobContext& job) {
    const MoeConfig& c = model.config();
    PruningCurve curve;
    curve.criterion = criterion;
    curve.variant = variant;
    curve.procedure = procedure;
    ProcedureSpec spec;
    spec.criterion = criterion;
    spec.variant = variant;
    spec.procedure = procedure;
    const int drops = c.numExperts - c.topK;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ExpertMask mask;
    // Each point is the procedure stopped after `dropped` experts per layer: one-shot drops in the
    // order of one scoring, iterative re-scores each round, so both nest.
    runProcedure(
        model, spec, drops, mask,
        [&](int dropped, const ExpertMask& now, const PruningModel& net) {
            SubJob sub(job, dropped, drops + 1);
            const MaskEvaluation e = evaluateMask(net, now, sub);
            CurvePoint p;
            p.dropped = dropped;
            p.sparsity = static_cast<double>(dropped) / c.numExperts;
            p.error = e.hasError ? e.meanRelativeError : nan;
            p.loss = e.hasTask ? e.taskLoss : nan;
            p.accuracy = e.hasTask ? e.taskAccuracy : nan;
            curve.points.push_back(p);
        },
        job);
    return curve;
}

std::map<int, std::vector<Agreement>> agreementGrid(const ExpertMask& a, const ExpertMask& b) {
    const int n = std::max(a.numExperts, b.numExperts);
    std::map<int, std::vector<Agreement>> grid;
    std::vector<int> layers;
    for (const auto& [l, lm] : a.layers) layers.push_back(l);
    for (const auto& [l, lm] : b.layers) layers.push_back(l);
    for (int l : layers) {
        const std::vector<bool> ka = keptOf(a, l, n), kb = keptOf(b, l, n);
        std::vector<Agreement>& row = grid[l];
        row.resize(static_cast<std::size_t>(n));
        for (std::size_t p = 0; p < row.size(); ++p)
            row[p] = (ka[p] && kb[p])     ? Agreement::BothKeep
                     : (!ka[p] && !kb[p]) ? Agreement::BothDrop
                                          : Agreement::Disagree;
    }
    return grid;
}

}  // namespace assay::core::prune
