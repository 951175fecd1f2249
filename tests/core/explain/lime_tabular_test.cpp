// LIME tabular: the training statistics against lime's steps in NumPy/sklearn, the sampling's
// documented properties (first sample = instance, bins and in-bin values, N(0,1)·scale + mean),
// the linear-model limit (coefficients → w·scale), local R², kernel width, determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <vector>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/lime.h"
#include "lime_test_util.h"

namespace assay::core::explain {
namespace {

// n × D: column j ~ N(j, (1 + j)²); column 3 is 0 (⅔) or 1 (ties in the quartiles).
std::vector<double> trainingTable(std::int64_t n, int D, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<double> X;
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < D; ++j)
            X.push_back(j == 3 ? double(rng.below(3) == 0) : j + (1.0 + j) * rng.normal());
    return X;
}

TEST(LimeTabularStats, MatchLimeQuartileDiscretizerAndScaler) {
    if (!test::havePythonModule("sklearn")) GTEST_SKIP() << "/usr/bin/python3 has no sklearn";
    const std::int64_t n = 301;
    const int D = 5;
    const std::vector<double> X = trainingTable(n, D, 3);
    io::test::ScratchDir dir;
    {
        std::ofstream in(dir / "X.txt");
        in << n << ' ' << D << '\n';
        for (std::int64_t i = 0; i < n; ++i) {
            for (int j = 0; j < D; ++j) in << test::exact(X[i * D + j]) << ' ';
            in << '\n';
        }
    }
    ASSERT_TRUE(test::runReference("stats '" + (dir / "X.txt").string() + "' '" +
                                   (dir / "out.txt").string() + "'"));
    const TabularStats s = tabularStats(X, n, D);
    std::ifstream out(dir / "out.txt");
    for (int j = 0; j < D; ++j) {
        double mean, scale;
        std::size_t edges;
        out >> mean >> scale >> edges;
        ASSERT_TRUE(out);
        EXPECT_NEAR(s.mean[j], mean, 1e-12);
        EXPECT_NEAR(s.scale[j], scale, 1e-12);
        ASSERT_EQ(s.edges[j].size(), edges) << j;
        for (std::size_t e = 0; e < edges; ++e) {
            double v;
            out >> v;
            EXPECT_EQ(s.edges[j][e], v) << j;  // the same doubles: numpy's lerp
        }
        for (std::size_t b = 0; b <= edges; ++b) {
            double f, m, sd, lo, hi;
            out >> f >> m >> sd >> lo >> hi;
            EXPECT_NEAR(s.binFrequency[j][b], f, 1e-15);
            EXPECT_NEAR(s.binMean[j][b], m, 1e-12);
            EXPECT_NEAR(s.binStd[j][b], sd, 1e-12);
            EXPECT_EQ(s.binMin[j][b], lo);
            EXPECT_EQ(s.binMax[j][b], hi);
        }
    }
    // Column 3's quartiles are 0, 0, 1: np.unique leaves two edges.
    EXPECT_LT(s.edges[3].size(), 3u);
}

TEST(LimeTabularSamples, FirstSampleIsTheInstanceAndBinsFollowTraining) {
    const int D = 4;
    const std::vector<double> X = trainingTable(2000, D, 5);
    const TabularStats s = tabularStats(X, 2000, D);
    const std::vector<double> x = {0.2, 1.5, 4.0, 1.0};
    LimeOptions o;
    o.numSamples = 20000;
    o.seed = 9;
    const LimeSamples smp = limeTabularSamples(x, s, o);
    ASSERT_EQ(smp.n, 20000);
    for (int j = 0; j < D; ++j) {
        EXPECT_EQ(smp.rows[j], x[j]);
        EXPECT_EQ(smp.representation[j], 1.0);
    }
    EXPECT_EQ(smp.distances[0], 0.0);
    for (int j = 0; j < D; ++j) {
        const std::size_t bins = s.binFrequency[j].size();
        std::vector<double> seen(bins, 0.0);
        int xBin = 0;
        while (xBin < int(s.edges[j].size()) && s.edges[j][xBin] < x[j]) ++xBin;
        for (std::int64_t i = 1; i < smp.n; ++i) {
            const double v = smp.rows[i * D + j];
            int b = 0;  // the bin v falls in, by brute force
            while (b < int(s.edges[j].size()) && s.edges[j][b] < v) ++b;
            // In-bin draws stay inside the training range and the representation says whether
            // the value's bin is x's.
            ASSERT_GE(v, s.binMin[j][b]);
            ASSERT_LE(v, s.binMax[j][b]);
            seen[b] += 1;
            EXPECT_EQ(smp.representation[i * D + j], b == xBin ? 1.0 : 0.0);
        }
        for (std::size_t b = 0; b < bins; ++b)
            EXPECT_NEAR(seen[b] / (smp.n - 1), s.binFrequency[j][b], 0.015) << j << ' ' << b;
    }
    // Distances: euclidean on the 0/1 representation.
    for (std::int64_t i = 1; i < 50; ++i) {
        double off = 0;
        for (int j = 0; j < D; ++j) off += 1.0 - smp.representation[i * D + j];
        EXPECT_NEAR(smp.distances[i], std::sqrt(off), 1e-15);
    }
}

TEST(LimeTabularSamples, ContinuousSamplesAreStandardNormalTimesScalePlusMean) {
    const int D = 3;
    const std::vector<double> X = trainingTable(1000, D, 6);
    const TabularStats s = tabularStats(X, 1000, D);
    LimeOptions o;
    o.discretize = false;
    o.numSamples = 40000;
    const LimeSamples smp = limeTabularSamples({5.0, -1.0, 2.0}, s, o);
    for (int j = 0; j < D; ++j) {
        double sum = 0, sq = 0;
        for (std::int64_t i = 1; i < smp.n; ++i) {
            const double z = smp.rows[i * D + j];
            sum += z;
            sq += z * z;
            ASSERT_NEAR(smp.representation[i * D + j], (z - s.mean[j]) / s.scale[j], 1e-12);
        }
        const double m = sum / (smp.n - 1), sd = std::sqrt(sq / (smp.n - 1) - m * m);
        EXPECT_NEAR(m, s.mean[j], 0.03 * s.scale[j]);
        EXPECT_NEAR(sd, s.scale[j], 0.02 * s.scale[j]);
    }
    EXPECT_NEAR(smp.representation[0], (5.0 - s.mean[0]) / s.scale[0], 1e-15);
}

// For f(x) = w·x + b without discretisation the surrogate is fitted on (z − mean)/scale, so its
// coefficients approach w·scale (papers.md §7(f)); ridge's α = 1 shrinks them by O(1/Σweights).
TEST(LimeTabular, LinearModelCoefficientsApproachScaledWeights) {
    const int D = 4;
    const std::vector<double> X = trainingTable(1000, D, 8);
    const TabularStats s = tabularStats(X, 1000, D);
    const std::vector<double> w = {1.5, -2.0, 0.0, 0.7};
    test::LinearTestModel model(w, {0.3}, 1, D);
    double previous = INFINITY;
    for (const int samples : {200, 2000, 20000}) {
        LimeOptions o;
        o.discretize = false;
        o.numSamples = samples;
        o.seed = 4;
        const Explanation e = limeTabular(model, {0.5, 1.0, 2.0, 1.0}, s, o, JobContext::none());
        ASSERT_EQ(e.features, D);
        double err = 0;
        for (int j = 0; j < D; ++j)
            err = std::max(err, std::fabs(e.attribution(j, 0) - w[j] * s.scale[j]));
        EXPECT_LT(err, previous);
        previous = err;
        EXPECT_GT(e.localR2[0], 0.999);
        EXPECT_DOUBLE_EQ(e.fx[0], 0.3 + 1.5 * 0.5 - 2.0 + 0.7);
    }
    EXPECT_LT(previous, 2e-3);
}

TEST(LimeTabular, DefaultKernelWidthIsThreeQuartersRootD) {
    const int D = 5;
    const std::vector<double> X = trainingTable(500, D, 12);
    const TabularStats s = tabularStats(X, 500, D);
    // A non-linear model, so that the kernel width changes the fit.
    struct Square : test::LinearTestModel {
        Square() : LinearTestModel(std::vector<double>(5, 0.0), {0.0}, 1, 5) {}
        void evaluate(const double* rows, std::int64_t n, double* out) const override {
            for (std::int64_t i = 0; i < n; ++i) out[i] = rows[i * 5] * rows[i * 5 + 1];
        }
    } model;
    const std::vector<double> x = {1.0, 2.0, 3.0, 0.5, 1.0};
    LimeOptions o;
    o.numSamples = 3000;
    const Explanation byDefault = limeTabular(model, x, s, o, JobContext::none());
    o.kernelWidth = 0.75 * std::sqrt(5.0);
    const Explanation explicitWidth = limeTabular(model, x, s, o, JobContext::none());
    o.kernelWidth = 0.3;
    const Explanation narrow = limeTabular(model, x, s, o, JobContext::none());
    for (int j = 0; j < D; ++j)
        EXPECT_EQ(byDefault.attribution(j, 0), explicitWidth.attribution(j, 0));
    EXPECT_NE(byDefault.attribution(0, 0), narrow.attribution(0, 0));
    // Weights as lime computes them: sqrt(exp(−d²/w²)).
    EXPECT_NEAR(limeKernel(1.2, 2.0), std::sqrt(std::exp(-1.44 / 4.0)), 1e-16);
    EXPECT_EQ(limeKernel(0.0, 0.25), 1.0);
}

TEST(LimeTabular, SameSeedSameExplanationOtherSeedOther) {
    const int D = 3;
    const std::vector<double> X = trainingTable(400, D, 13);
    const TabularStats s = tabularStats(X, 400, D);
    test::LinearTestModel model({1.0, 2.0, -1.0, 0.5, 0.0, 1.0}, {0.0, 1.0}, 2, D);
    LimeOptions o;
    o.numSamples = 1000;
    o.seed = 77;
    const std::vector<double> x = {0.1, 1.2, 2.5};
    const Explanation a = limeTabular(model, x, s, o, JobContext::none());
    const Explanation b = limeTabular(model, x, s, o, JobContext::none());
    o.seed = 78;
    const Explanation c = limeTabular(model, x, s, o, JobContext::none());
    EXPECT_EQ(a.attributions, b.attributions);
    EXPECT_EQ(a.localR2, b.localR2);
    EXPECT_NE(a.attributions, c.attributions);
    EXPECT_EQ(a.labels, (std::vector<int>{0, 1}));
    o.labels = {1};
    const Explanation one = limeTabular(model, x, s, o, JobContext::none());
    ASSERT_EQ(one.labels, std::vector<int>{1});
    for (int j = 0; j < D; ++j) EXPECT_EQ(one.attribution(j, 0), c.attribution(j, 1));
}

TEST(LimeTabular, ACancelledJobThrowsAndReturnsNothing) {
    const TabularStats s = tabularStats(trainingTable(50, 3, 1), 50, 3);
    test::LinearTestModel model({1, 1, 1}, {0}, 1, 3);
    JobContext job;
    job.cancel();
    EXPECT_THROW(limeTabular(model, {1.0, 2.0, 3.0}, s, LimeOptions{}, job), JobCancelled);
}

TEST(LimeTabular, RejectsBadInput) {
    const TabularStats s = tabularStats(trainingTable(50, 3, 1), 50, 3);
    test::LinearTestModel model({1, 1, 1}, {0}, 1, 3);
    test::LinearTestModel wide({1, 1, 1, 1}, {0}, 1, 4);
    LimeOptions o;
    EXPECT_THROW(limeTabular(model, {1.0, 2.0}, s, o, JobContext::none()), InputError);
    EXPECT_THROW(limeTabular(model, {1.0, NAN, 2.0}, s, o, JobContext::none()), InputError);
    EXPECT_THROW(limeTabular(wide, {1.0, 2.0, 3.0, 4.0}, s, o, JobContext::none()), InputError);
    o.labels = {1};
    EXPECT_THROW(limeTabular(model, {1.0, 2.0, 3.0}, s, o, JobContext::none()), ParameterError);
    EXPECT_THROW(tabularStats({1.0, NAN}, 1, 2), InputError);
    EXPECT_THROW(tabularStats({1.0, 2.0, 3.0}, 1, 2), ParameterError);
}

}  // namespace
}  // namespace assay::core::explain
