// analyseJudge (what the Judge view shows) against the core calls it is made of, called one by
// one here: the fits, the stopping trace, the error margin and the transfer; a reused margin;
// the default m grid; bad inputs.
#include <gtest/gtest.h>

#include <any>
#include <memory>

#include "assay/core/error.h"
#include "assay/demo/judge_demo.h"
#include "assay/judge/judge_analysis.h"

namespace assay::core::judge {
namespace {

JudgeInput demoInput() {
    const demo::JudgeDemo d = demo::makeJudgeDemo();
    JudgeInput in;
    in.n = d.judges;
    in.counts = d.target.counts;
    in.targetMean = meanEmbedding(d.target.embeddings, std::size_t(d.dim));
    in.sources = demo::fitJudgeDemoSources(d);
    in.trueAccuracy = d.target.trueAccuracy;
    return in;
}

TEST(JudgeAnalysis, EqualsItsPartsCalledOneByOne) {
    const JudgeInput in = demoInput();
    JudgeAnalysisOptions o;
    o.sources = {0, 2};
    o.repetitions = 12;
    o.stopping.budget = 40;
    const JudgeAnalysis a = analyseJudge(in, o, JobContext::none());

    const TransferResult t = transferPrior(in.targetMean, {in.sources[0], in.sources[2]});
    ASSERT_TRUE(a.transfer.has_value());
    EXPECT_EQ(a.transfer->weights, t.weights);
    EXPECT_EQ(a.prior.muA1, t.prior.muA1);
    ASSERT_EQ(a.similarities.size(), 3u);
    for (std::size_t s = 0; s < 3; ++s)
        EXPECT_EQ(a.similarities[s], cosine(in.targetMean, in.sources[s].meanEmbedding));

    const CountHistogram hist = histogram(in.counts, in.n);
    ASSERT_EQ(a.fits.size(), 4u);
    for (std::size_t e = 0; e < 4; ++e) {
        const Fit f = fit(allEstimators()[e], hist, t.prior);
        EXPECT_EQ(a.fits[e].accuracy, f.accuracy) << e;
        EXPECT_EQ(a.fits[e].pmf, f.pmf) << e;
    }
    double observed = 0;
    for (double s : a.observed) observed += s;
    EXPECT_NEAR(observed, 1.0, 1e-12);

    StoppingOptions so = o.stopping;
    so.traceToEnd = true;
    const StoppingTrace trace =
        adaptiveStopping(in.counts, in.n, o.estimator, t.prior, so, JobContext::none());
    ASSERT_EQ(a.trace.steps.size(), trace.steps.size());
    EXPECT_EQ(a.trace.stopM, trace.stopM);
    for (std::size_t k = 0; k < trace.steps.size(); ++k)
        EXPECT_EQ(a.trace.steps[k].accuracy, trace.steps[k].accuracy);

    const ErrorMargin em = errorMargin(
        in.counts, in.n, defaultMs(a.m), 12,
        {Estimator::Binomial, Estimator::Beta, Estimator::Mixture, Estimator::Empirical},
        weakPrior(), t.prior, 7, JobContext::none());
    ASSERT_EQ(a.margin.curves.size(), 5u);
    for (std::size_t c = 0; c < 5; ++c) {
        EXPECT_EQ(a.margin.curves[c].label, em.curves[c].label);
        EXPECT_EQ(a.margin.curves[c].meanError, em.curves[c].meanError);
    }
    EXPECT_EQ(a.margin.repetitions, 12);

    // A stopping change with the margin handed back: the same margin, a new trace.
    JudgeAnalysisOptions o2 = o;
    o2.stopping.epsilon = 0.2;
    o2.reuseMargin = &a.margin;
    o2.repetitions = 1;  // ignored with a reused margin
    const JudgeAnalysis b = analyseJudge(in, o2, JobContext::none());
    EXPECT_EQ(b.margin.curves[4].meanError, a.margin.curves[4].meanError);
    EXPECT_LE(b.trace.stopM, a.trace.stopM);
}

// Records what analyseJudge publishes before the error margin.
class Recorder : public JobContext {
public:
    std::vector<std::shared_ptr<const JudgeAnalysis>> partials;

protected:
    void onPublish(std::any partial) override {
        partials.push_back(std::any_cast<std::shared_ptr<const JudgeAnalysis>>(partial));
    }
};

TEST(JudgeAnalysis, PublishesTheFitsAndTheStoppingBeforeTheMargin) {
    JudgeAnalysisOptions o;
    o.repetitions = 4;
    o.stopping.budget = 30;
    Recorder job;
    const JudgeAnalysis a = analyseJudge(demoInput(), o, job);
    ASSERT_EQ(job.partials.size(), 1u);
    const JudgeAnalysis& p = *job.partials.front();
    EXPECT_TRUE(p.margin.curves.empty());
    EXPECT_EQ(p.margin.repetitions, 4);
    EXPECT_EQ(p.margin.ms, a.margin.ms);
    EXPECT_EQ(p.trace.stopM, a.trace.stopM);
    EXPECT_EQ(p.fits[2].accuracy, a.fits[2].accuracy);
    EXPECT_FALSE(a.margin.curves.empty());
    // A reused margin publishes nothing (the result is there at once).
    o.reuseMargin = &a.margin;
    Recorder again;
    (void)analyseJudge(demoInput(), o, again);
    EXPECT_TRUE(again.partials.empty());
}

TEST(JudgeAnalysis, WeakPriorWithoutSourcesAndBadInputs) {
    JudgeInput in = demoInput();
    JudgeAnalysisOptions o;
    o.repetitions = 3;
    const JudgeAnalysis a = analyseJudge(in, o, JobContext::none());
    EXPECT_FALSE(a.transfer.has_value());
    EXPECT_EQ(a.prior.s, weakPrior().s);
    EXPECT_EQ(a.margin.curves.size(), 4u);  // no mixture+transfer curve

    o.sources = {3};
    EXPECT_THROW(analyseJudge(in, o, JobContext::none()), InputError);
    o.sources = {0};
    in.targetMean.pop_back();
    EXPECT_THROW(analyseJudge(in, o, JobContext::none()), InputError);
    in = demoInput();
    in.counts[7] = 6;
    EXPECT_THROW(analyseJudge(in, o, JobContext::none()), InputError);
    JobContext cancelled;
    cancelled.cancel();
    EXPECT_THROW(analyseJudge(demoInput(), o, cancelled), JobCancelled);
}

TEST(JudgeAnalysis, DefaultSampleSizes) {
    EXPECT_EQ(defaultMs(3), (std::vector<int>{3}));
    EXPECT_EQ(defaultMs(10), (std::vector<int>{5, 10}));
    EXPECT_EQ(defaultMs(33), (std::vector<int>{5, 10, 15, 20, 30, 33}));
    EXPECT_EQ(defaultMs(400),
              (std::vector<int>{5, 10, 15, 20, 30, 40, 60, 80, 100, 150, 200, 300, 400}));
    EXPECT_EQ(defaultMs(5000).back(), 400);
}

}  // namespace
}  // namespace assay::core::judge
