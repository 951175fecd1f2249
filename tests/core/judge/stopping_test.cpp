// Adaptive stopping: the conformal radius shrinks and stops on ε where the judges agree, the
// budget binds where they do not, the rank rule gives +∞ below ⌈(m+1)(1−γ)⌉ ≤ m, bad options.
#include "assay/judge/stopping.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/judge/simulate.h"

namespace assay::core::judge {
namespace {

TEST(JudgeStopping, StopsOnEpsilonWhenTheJudgesAgree) {
    SplitMix64 rng(5);
    // Almost every sample is unanimous: the leave-one-out estimates barely move.
    const auto counts = sampleCounts({0.97, 40, 1, 2, 2}, 5, 200, rng);
    StoppingOptions opt;
    opt.radius =
        StoppingOptions::Radius::LeaveOneOut;  // the literal rule (jackknife: coverage test)
    opt.traceToEnd = true;
    opt.budget = 80;
    const auto trace =
        adaptiveStopping(counts, 5, Estimator::Mixture, weakPrior(), opt, JobContext::none());
    ASSERT_EQ(trace.steps.size(), 76u);  // m = 5 … 80
    EXPECT_EQ(trace.reason, StopReason::Epsilon);
    EXPECT_LT(trace.stopM, 80);
    EXPECT_LE(trace.steps[trace.stopIndex].q, opt.epsilon);
    EXPECT_EQ(trace.steps[trace.stopIndex].m, trace.stopM);
    // ⌈(m+1)·0.9⌉ > m for m ≤ 8: no finite radius there.
    for (const auto& s : trace.steps) EXPECT_EQ(std::isinf(s.q), s.m <= 8) << s.m;
    // q shrinks with m: the mean over the last 20 steps is below the mean over m = 9 … 28.
    double early = 0, late = 0;
    for (int k = 0; k < 20; ++k) early += trace.steps[4 + k].q, late += trace.steps[56 + k].q;
    EXPECT_LT(late, 0.5 * early);
    for (const auto& s : trace.steps) {
        EXPECT_LE(s.lo, s.accuracy);
        EXPECT_GE(s.hi, s.accuracy);
        EXPECT_GE(s.lo, 0.0);
        EXPECT_LE(s.hi, 1.0);
    }
    // Without traceToEnd the trace ends at the stop, with the same numbers.
    opt.traceToEnd = false;
    const auto shortTrace =
        adaptiveStopping(counts, 5, Estimator::Mixture, weakPrior(), opt, JobContext::none());
    ASSERT_EQ(shortTrace.steps.size(), trace.stopIndex + 1);
    EXPECT_EQ(shortTrace.steps.back().accuracy, trace.steps[trace.stopIndex].accuracy);
}

TEST(JudgeStopping, HitsTheBudgetWhenTheJudgesSplit) {
    SplitMix64 rng(6);
    const auto counts = sampleCounts({0.5, 2, 2, 1, 1}, 5, 200, rng);
    StoppingOptions opt;
    opt.radius = StoppingOptions::Radius::LeaveOneOut;
    opt.budget = 40;
    opt.epsilon = 0.005;
    const auto trace =
        adaptiveStopping(counts, 5, Estimator::Empirical, weakPrior(), opt, JobContext::none());
    EXPECT_EQ(trace.reason, StopReason::Budget);
    EXPECT_EQ(trace.stopM, 40);
    EXPECT_GT(trace.steps.back().q, opt.epsilon);
    // The empirical LOO residual is exactly |Â_m − Â_m^(−i)| ∈ {Â/(m−1), (1−Â)/(m−1)} (no ties at
    // n = 5), and the 90% rank picks the larger one whenever more than 10% of the samples give it.
    const auto& last = trace.steps.back();
    EXPECT_NEAR(last.q, std::max(last.accuracy, 1 - last.accuracy) / 39, 1e-12);
    // Fewer labels than the budget: exhausted.
    opt.budget = 100;
    const std::vector<int> few(counts.begin(), counts.begin() + 30);
    const auto t2 =
        adaptiveStopping(few, 5, Estimator::Empirical, weakPrior(), opt, JobContext::none());
    EXPECT_EQ(t2.reason, StopReason::Exhausted);
    EXPECT_EQ(t2.stopM, 30);
}

TEST(JudgeStopping, RejectsBadOptionsAndInputs) {
    const std::vector<int> counts(20, 3);
    StoppingOptions opt;
    opt.gamma = 1;
    EXPECT_THROW(
        adaptiveStopping(counts, 5, Estimator::Binomial, weakPrior(), opt, JobContext::none()),
        ParameterError);
    opt = {};
    opt.m0 = 1;
    EXPECT_THROW(
        adaptiveStopping(counts, 5, Estimator::Binomial, weakPrior(), opt, JobContext::none()),
        ParameterError);
    opt = {};
    EXPECT_THROW(
        adaptiveStopping({3, 3, 3}, 5, Estimator::Binomial, weakPrior(), opt, JobContext::none()),
        InputError);
    EXPECT_THROW(adaptiveStopping({3, 3, 3, 3, 8, 3}, 5, Estimator::Binomial, weakPrior(), opt,
                                  JobContext::none()),
                 InputError);
    JobContext cancelled;
    cancelled.cancel();
    EXPECT_THROW(adaptiveStopping(counts, 5, Estimator::Binomial, weakPrior(), opt, cancelled),
                 JobCancelled);
}

}  // namespace
}  // namespace assay::core::judge
