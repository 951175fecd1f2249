// analyseInversion (inversion_analysis.h): the set at the first strength explained in detail —
// attributions, pokes, RBP, IQ before and after, stability, the randomisation check — and, with
// several strengths, the mean IS of each method against the strength.
#include "assay/explain/inversion_analysis.h"

#include <cmath>
#include <limits>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "inversion_explain.h"

namespace assay::core::explain {

namespace {

// Seed streams of the analysis, so that sets, models and explanations draw independently.
enum Stream : std::uint64_t { kSetSeed = 0, kModelSeed = 1, kExplainSeed = 2, kRandomSeed = 3 };

void validate(const InversionRequest& r) {
    if (r.methods.empty())
        throw ParameterError("methods", "none given, expected lime and/or kernelshap");
    if (r.strengths.empty())
        throw ParameterError("strengths", "none given, expected values in [0, 1]");
    for (double s : r.strengths) {
        if (!(s >= 0 && s <= 1))
            throw ParameterError("strength", std::to_string(s) + " is outside [0, 1]");
    }
    if (r.items < 1) throw ParameterError("items", std::to_string(r.items) + " is below 1");
    if (!(r.p >= 1)) throw ParameterError("p", std::to_string(r.p) + " is below 1");
    if (!(r.lambda >= 0)) throw ParameterError("lambda", std::to_string(r.lambda) + " is negative");
    if (r.nsamples < 0)
        throw ParameterError("nsamples", std::to_string(r.nsamples) + " is negative");
    if (r.stabilitySeeds < 0) {
        throw ParameterError("stabilitySeeds", std::to_string(r.stabilitySeeds) + " is negative");
    }
}

// Counts explanations for progress: one per item and method, plus the stability reruns and the
// randomised model's explanation of the detailed strength, plus one per item per sweep strength.
struct Progress {
    JobContext& job;
    std::int64_t done = 0, total = 0;
    void step() { job.progress(++done, total); }
};

struct Trained {
    SyntheticSet set;
    std::unique_ptr<Model> model;
    TabularStats stats;
};

// Training reports per epoch; inside the analysis that would restart the progress bar at every
// model, so the trainer gets a context that only forwards the cancel.
class CancelOnly : public JobContext {
public:
    explicit CancelOnly(JobContext& outer) : m_outer(outer) {}

protected:
    void onProgress(std::int64_t, std::int64_t) override { m_outer.throwIfCancelled(); }

private:
    JobContext& m_outer;
};

Trained trainAt(const InversionRequest& r, double strength, JobContext& job) {
    Trained t;
    SyntheticOptions o;
    o.domain = r.domain;
    o.strength = strength;
    o.items = r.items;
    o.seed = streamSeed(r.seed, kSetSeed);
    t.set = makeSyntheticSet(o);
    CancelOnly quiet(job);
    t.model = trainSyntheticModel(t.set, r.model, streamSeed(r.seed, kModelSeed), quiet);
    if (r.domain == Domain::Tabular) t.stats = tabularStats(t.set.trainX, t.set.nTrain, t.set.D);
    return t;
}

void score(const InversionRequest& r, const SyntheticItem& item, ItemResult& out) {
    out.R = spuriousMass(out.attributions, item.roles);
    out.F = spearmanFaithfulness(out.attributions, item.groundTruth);
    out.IS = inversionScore(out.R, out.F, r.p);
    out.R_rbp = spuriousMass(out.refined, item.roles);
    out.F_rbp = spearmanFaithfulness(out.refined, item.groundTruth);
    out.IS_rbp = inversionScore(out.R_rbp, out.F_rbp, r.p);
}

// Attributions, pokes, RBP and IQ of every item for one method (no stability, no randomisation).
MethodResult explainAll(const InversionRequest& r, const Trained& t, Method method, Progress& pr) {
    detail::ExplainContext ctx{&t.set, &t.stats, r.nsamples};
    MethodResult m;
    m.method = method;
    for (std::size_t i = 0; i < t.set.items.size(); ++i) {
        const SyntheticItem& item = t.set.items[i];
        const std::uint64_t seed = streamSeed(streamSeed(r.seed, kExplainSeed), i);
        ItemResult res;
        detail::ItemExplanation e = detail::explainItem(ctx, *t.model, method, item, seed, pr.job);
        res.attributions = std::move(e.attributions);
        res.localR2 = e.localR2;
        res.pokes = poke(*t.model, *item.masker, t.set.explainedLabel, res.attributions, pr.job);
        res.refined = rbpRefine(res.attributions, res.pokes, r.lambda);
        score(r, item, res);
        m.items.push_back(std::move(res));
        pr.step();
    }
    const double n = static_cast<double>(m.items.size());
    for (const ItemResult& res : m.items) {
        m.meanR += res.R / n;
        m.meanF += res.F / n;
        m.meanIS += res.IS / n;
        m.meanIS_rbp += res.IS_rbp / n;
    }
    return m;
}

// Stability over seeds: run 0 is the main explanation, runs 1..S−1 use further seeds.
void addStability(const InversionRequest& r, const Trained& t, MethodResult& m, Progress& pr) {
    const int S = r.stabilitySeeds;
    detail::ExplainContext ctx{&t.set, &t.stats, r.nsamples};
    for (std::size_t i = 0; i < m.items.size(); ++i) {
        ItemResult& res = m.items[i];
        const int M = static_cast<int>(res.attributions.size());
        std::vector<double> runs(res.attributions);
        const bool same = detail::deterministicMethod(m.method, M, r.nsamples);
        const std::uint64_t base = streamSeed(streamSeed(r.seed, kExplainSeed), i);
        for (int s = 1; s < S; ++s) {
            if (same) {  // every rerun would repeat run 0 exactly
                runs.insert(runs.end(), res.attributions.begin(), res.attributions.end());
            } else {
                const std::uint64_t seed = streamSeed(base, static_cast<std::uint64_t>(s));
                const auto e =
                    detail::explainItem(ctx, *t.model, m.method, t.set.items[i], seed, pr.job);
                runs.insert(runs.end(), e.attributions.begin(), e.attributions.end());
            }
            pr.step();
        }
        res.stability = stability(runs, S, M);
    }
}

// Adebayo et al.'s check: ρ(|a|, |a_random|) averaged over items, with the randomised model
// explained from the same seeds.
void addRandomisation(const InversionRequest& r, const Trained& t, MethodResult& m, Progress& pr) {
    const std::unique_ptr<Model> random = t.model->randomised(streamSeed(r.seed, kRandomSeed));
    if (!random) {
        m.randomisationCorrelation = std::numeric_limits<double>::quiet_NaN();
        pr.done += static_cast<std::int64_t>(m.items.size());
        return;
    }
    detail::ExplainContext ctx{&t.set, &t.stats, r.nsamples};
    double sum = 0;
    for (std::size_t i = 0; i < m.items.size(); ++i) {
        const std::uint64_t seed = streamSeed(streamSeed(r.seed, kExplainSeed), i);
        const auto e = detail::explainItem(ctx, *random, m.method, t.set.items[i], seed, pr.job);
        std::vector<double> a(e.attributions.size()), b(e.attributions.size());
        for (std::size_t j = 0; j < a.size(); ++j) {
            a[j] = std::fabs(m.items[i].attributions[j]);
            b[j] = std::fabs(e.attributions[j]);
        }
        sum += rankCorrelation(a, b);
        pr.step();
    }
    m.randomisationCorrelation = sum / static_cast<double>(m.items.size());
}

}  // namespace

InversionAnalysis analyseInversion(const InversionRequest& request, JobContext& job) {
    validate(request);
    const auto nMethods = static_cast<std::int64_t>(request.methods.size());
    const std::int64_t perMethod =
        request.items * (1 + std::max(0, request.stabilitySeeds - 1) + 1);
    const std::int64_t sweepPoints =
        request.strengths.size() > 1 ? static_cast<std::int64_t>(request.strengths.size()) - 1 : 0;
    Progress pr{job, 0, nMethods * (perMethod + sweepPoints * request.items)};

    InversionAnalysis out;
    out.request = request;
    job.stage("training the model");
    Trained t = trainAt(request, request.strengths[0], job);
    out.modelDescription = std::string(modelKindName(request.model)) +
                           " model: " + t.model->describe() + ", Adam-trained on " +
                           std::to_string(t.set.nTrain) + " " + domainName(request.domain) +
                           " rows at strength " + std::to_string(request.strengths[0]) +
                           (request.model == ModelKind::Clean ? " with the cue shuffled" : "");
    job.stage("explaining");
    for (Method method : request.methods) {
        MethodResult m = explainAll(request, t, method, pr);
        if (request.stabilitySeeds > 0) addStability(request, t, m, pr);
        addRandomisation(request, t, m, pr);
        out.methods.push_back(std::move(m));
    }
    if (request.strengths.size() > 1) {
        job.stage("sweeping the strength");
        for (std::size_t s = 0; s < request.strengths.size(); ++s) {
            SweepPoint point;
            point.strength = request.strengths[s];
            if (s == 0) {
                for (const MethodResult& m : out.methods) {
                    point.meanIS.push_back(m.meanIS);
                    point.meanIS_rbp.push_back(m.meanIS_rbp);
                }
            } else {
                const Trained ts = trainAt(request, point.strength, job);
                for (Method method : request.methods) {
                    const MethodResult m = explainAll(request, ts, method, pr);
                    point.meanIS.push_back(m.meanIS);
                    point.meanIS_rbp.push_back(m.meanIS_rbp);
                }
            }
            out.sweep.push_back(std::move(point));
        }
    }
    out.set = std::move(t.set);
    job.progress(pr.total, pr.total);
    return out;
}

}  // namespace assay::core::explain
