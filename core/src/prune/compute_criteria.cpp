// computeCriteria and expertToDrop (pruning_model.h): per layer, one activation sweep (which also
// gives the routing for the inference criteria), one weight pass, one gradient pass, each only
// when a requested criterion needs it; scores assembled in double.
#include <algorithm>
#include <cmath>
#include <limits>

#include "criteria_inference.h"
#include "pruning_model_impl.h"
#include "sub_job.h"

namespace assay::core::prune {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool wants(const std::vector<CriterionValues>& out, Criterion c) {
    for (const auto& v : out)
        if (v.criterion == c && v.unavailable.empty()) return true;
    return false;
}

bool wantsGroup(const std::vector<CriterionValues>& out, CriterionGroup g) {
    for (const auto& v : out)
        if (criterionGroup(v.criterion) == g && v.unavailable.empty()) return true;
    return false;
}

// Σ_{q kept, q≠p} cos(p,q) from a Gram matrix; an all-zero vector has cosine 0 with everything.
std::vector<double> similarityScore(const std::vector<double>& gram,
                                    const std::vector<bool>& kept) {
    const std::size_t n = kept.size();
    std::vector<double> s(n, kNaN);
    for (std::size_t p = 0; p < n; ++p) {
        if (!kept[p]) continue;
        double sum = 0;
        for (std::size_t q = 0; q < n; ++q) {
            if (q == p || !kept[q]) continue;
            const double np = std::sqrt(gram[p * n + p]), nq = std::sqrt(gram[q * n + q]);
            if (np > 0 && nq > 0) sum += gram[p * n + q] / (np * nq);
        }
        s[p] = sum;
    }
    return s;
}

// The pair matrix with NaN on the diagonal and for dropped experts; per-expert display value =
// the largest entry of its row among surviving partners.
void pairValues(const std::vector<double>& m, const std::vector<bool>& kept,
                std::vector<double>& pairs, std::vector<double>& perExpert) {
    const std::size_t n = kept.size();
    pairs.assign(n * n, kNaN);
    perExpert.assign(n, kNaN);
    for (std::size_t p = 0; p < n; ++p) {
        if (!kept[p]) continue;
        for (std::size_t q = 0; q < n; ++q) {
            if (q == p || !kept[q]) continue;
            pairs[p * n + q] = m[p * n + q];
            if (std::isnan(perExpert[p]) || m[p * n + q] > perExpert[p])
                perExpert[p] = m[p * n + q];
        }
    }
}

std::vector<double> masked(const std::vector<double>& v, const std::vector<bool>& kept) {
    std::vector<double> out(kept.size(), kNaN);
    for (std::size_t p = 0; p < kept.size(); ++p)
        if (kept[p] && p < v.size()) out[p] = v[p];
    return out;
}

}  // namespace

std::vector<CriterionValues> computeCriteria(const PruningModel& model, const ExpertMask& current,
                                             const std::vector<Criterion>& which, JobContext& job) {
    const PruningModel::Impl& m = model.impl();
    const MoeConfig& cfg = m.config;
    const int n = cfg.numExperts;
    std::vector<CriterionValues> out;
    for (Criterion c : which) {
        CriterionValues v;
        v.criterion = c;
        v.unavailable = model.unavailableReason(c);
        if (criterionGroup(c) == CriterionGroup::Gradient) v.note = m.gradientLoss;
        if (c == Criterion::EVTC) v.note = m.vocabularyNote;
        if (c == Criterion::WSR) v.note = "σ₁ by power iteration (relative tolerance 1e-6)";
        out.push_back(std::move(v));
    }
    ActivationRequest act{wants(out, Criterion::EAS), wants(out, Criterion::EAE),
                          wants(out, Criterion::EAO), wants(out, Criterion::EAN)};
    const bool needAct = act.eas || act.eae || act.eao || act.ean;
    const bool needEcc = wants(out, Criterion::ECC) || wants(out, Criterion::ETS);
    const bool needIds = wants(out, Criterion::EVTC) || wants(out, Criterion::ETS);
    const bool needInf = wantsGroup(out, CriterionGroup::Inference);
    WeightRequest wr;
    wr.similarity = wants(out, Criterion::EWS);
    wr.norm = wants(out, Criterion::EWN);
    wr.router = wants(out, Criterion::RWN);
    wr.stableRank = wants(out, Criterion::WSR);
    const bool needW = wantsGroup(out, CriterionGroup::Weight);
    const bool needG = wantsGroup(out, CriterionGroup::Gradient);
    const std::vector<std::int64_t> ids =
        needIds ? m.tokenIdsOf(false) : std::vector<std::int64_t>{};
    double vocabulary = m.vocabulary;
    if (m.demo && vocabulary <= 0)
        for (std::int64_t id : ids) vocabulary = std::max(vocabulary, static_cast<double>(id + 1));
    const PruneEngine* engine = (needAct || needW || needG) ? &pruneEngine() : nullptr;

    const std::int64_t L = static_cast<std::int64_t>(m.layers.size());
    for (std::int64_t li = 0; li < L; ++li) {
        const int l = m.layers[static_cast<std::size_t>(li)];
        SubJob sub(job, li, L);
        job.progress(li * 1000, L * 1000);
        const std::vector<bool> kept = keptOf(current, l, n);
        Routing routing;
        ActivationResult ar;
        std::vector<float> storage;
        std::vector<bool> routedKept = kept;  // whose inference values are meaningful
        if (needAct) {
            ar = engine->activations(cfg, m.layerWeights(l), m.input(current, l, false, storage),
                                     kept, act, sub);
            routing = ar.routing;
        } else if (needInf) {
            std::optional<Routing> r = m.routing(current, l, false, sub);
            if (!r) r = m.routing(fullMaskOf(m), l, false, sub);  // trace without logits
            routing = std::move(*r);
        }
        InferenceCriteria inf;
        if (needInf) inf = inferenceCriteria(routing, n, ids, vocabulary, needEcc, needIds);
        WeightStats ws;
        if (needW) ws = engine->weights(cfg, m.layerWeights(l), kept, wr, sub);
        TensorGroupStats gs;
        if (needG) {
            std::vector<ExpertGradient> g;
            if (m.demo) {
                g = m.demo->gradients(current, l, sub);
            } else {
                const std::optional<BlockInput> target = m.target(l);
                g = engine->mseGradients(cfg, m.layerWeights(l),
                                         m.input(current, l, false, storage), *target, kept, sub);
            }
            gs = engine->gradientStats(cfg, g, kept);
        }
        for (CriterionValues& v : out) {
            if (!v.unavailable.empty()) continue;
            std::vector<double>& s = v.perLayer[l];
            switch (v.criterion) {
                case Criterion::EWS:
                    s = similarityScore(ws.flat.gram, kept);
                    break;
                case Criterion::RWN:
                    s = masked(ws.routerNorm, kept);
                    break;
                case Criterion::WSR:
                    s = masked(ws.stableRank, kept);
                    break;
                case Criterion::EWN:
                    s = masked(ws.flat.norm, kept);
                    break;
                case Criterion::EUF:
                    s = masked(inf.usage, kept);
                    break;
                case Criterion::ECC:
                    pairValues(inf.coactivation, kept, v.pairs[l], s);
                    break;
                case Criterion::EVTC:
                    s = masked(inf.vocabulary, kept);
                    break;
                case Criterion::ETS:
                    pairValues(inf.tokenSets, kept, v.pairs[l], s);
                    break;
                case Criterion::EAS: {
                    const std::size_t d = static_cast<std::size_t>(cfg.hidden);
                    s.assign(static_cast<std::size_t>(n), kNaN);
                    for (int p = 0; p < n; ++p) {
                        if (!kept[static_cast<std::size_t>(p)]) continue;
                        double sum = 0;
                        const auto& mp = ar.experts[static_cast<std::size_t>(p)].meanUnit;
                        for (int q = 0; q < n; ++q) {
                            if (q == p || !kept[static_cast<std::size_t>(q)]) continue;
                            const auto& mq = ar.experts[static_cast<std::size_t>(q)].meanUnit;
                            for (std::size_t j = 0; j < d; ++j) sum += mp[j] * mq[j];
                        }
                        s[static_cast<std::size_t>(p)] = sum;
                    }
                    break;
                }
                case Criterion::EAE:
                case Criterion::EAO:
                case Criterion::EAN: {
                    s.assign(static_cast<std::size_t>(n), kNaN);
                    for (int p = 0; p < n; ++p) {
                        if (!kept[static_cast<std::size_t>(p)]) continue;
                        const ActivationStats& a = ar.experts[static_cast<std::size_t>(p)];
                        s[static_cast<std::size_t>(p)] = v.criterion == Criterion::EAE   ? a.eae
                                                         : v.criterion == Criterion::EAO ? a.eao
                                                                                         : a.ean;
                    }
                    break;
                }
                case Criterion::EGS:
                    s = similarityScore(gs.gram, kept);
                    break;
                case Criterion::EGE:
                    s = masked(gs.entropy, kept);
                    break;
                case Criterion::EGO:
                    s = masked(gs.outliers, kept);
                    break;
                case Criterion::EGN:
                    s = masked(gs.norm, kept);
                    break;
            }
        }
    }
    job.progress(L * 1000, L * 1000);
    return out;
}

int expertToDrop(const CriterionValues& values, int layer, Variant variant,
                 const LayerMask& current, const std::vector<double>& usage) {
    const std::vector<bool>& kept = current.kept;
    const int n = static_cast<int>(kept.size());
    const bool isMax = variant == Variant::Max;
    auto better = [&](double a, double b) { return isMax ? a > b : a < b; };
    if (isPairCriterion(values.criterion)) {
        auto it = values.pairs.find(layer);
        if (it == values.pairs.end()) return -1;
        const std::vector<double>& m = it->second;
        int bp = -1, bq = -1;
        double best = kNaN;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q) {
                if (!kept[static_cast<std::size_t>(p)] || !kept[static_cast<std::size_t>(q)])
                    continue;
                const double x = m[static_cast<std::size_t>(p * n + q)];
                if (std::isnan(x)) continue;
                if (bp < 0 || better(x, best)) {
                    best = x;
                    bp = p;
                    bq = q;
                }
            }
        if (bp < 0) return -1;
        if (usage.empty()) return bq;
        // The member with the lower usage goes; equal usage: the higher index.
        return usage[static_cast<std::size_t>(bp)] < usage[static_cast<std::size_t>(bq)] ? bp : bq;
    }
    auto it = values.perLayer.find(layer);
    if (it == values.perLayer.end()) return -1;
    int chosen = -1;
    for (int p = 0; p < n; ++p) {
        if (!kept[static_cast<std::size_t>(p)]) continue;
        const double x = it->second[static_cast<std::size_t>(p)];
        if (std::isnan(x)) continue;
        if (chosen < 0 || better(x, it->second[static_cast<std::size_t>(chosen)])) chosen = p;
    }
    return chosen;
}

}  // namespace assay::core::prune
