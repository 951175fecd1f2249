// k-means backgrounds (shap.kmeans semantics) and explainRows (rows as one job, sharding, errors).
#include <gtest/gtest.h>

#include <algorithm>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "assay/explain/explain_rows.h"
#include "shap_test_util.h"

namespace assay::core::explain {
namespace {

using core::test::messageOf;
using test::gaussian;

TEST(KmeansBackground, FindsSeparatedClustersSnapsToDataAndWeighsBySize) {
    // Three blobs of 10, 20 and 30 rows around (0,0), (10,0), (0,10).
    std::vector<double> X;
    const double centre[3][2] = {{0, 0}, {10, 0}, {0, 10}};
    const std::vector<double> noise = gaussian(120, 3, 0.3);
    int r = 0;
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < 10 * (c + 1); ++i, ++r)
            for (int d = 0; d < 2; ++d) X.push_back(centre[c][d] + noise[2 * r + d]);
    std::vector<double> w;
    const std::vector<double> C = kmeansBackground(X, 60, 2, 3, 7, w);
    ASSERT_EQ(C.size(), 6u);
    std::vector<std::pair<double, int>> byWeight;
    for (int j = 0; j < 3; ++j) {
        byWeight.push_back({w[j], j});
        for (int d = 0; d < 2; ++d)  // every coordinate is a value of its column
            EXPECT_NE(std::find_if(X.begin(), X.end(), [&](double v) { return v == C[j * 2 + d]; }),
                      X.end());
    }
    std::sort(byWeight.begin(), byWeight.end());
    EXPECT_DOUBLE_EQ(byWeight[0].first, 10.0 / 60);
    EXPECT_DOUBLE_EQ(byWeight[1].first, 20.0 / 60);
    EXPECT_DOUBLE_EQ(byWeight[2].first, 30.0 / 60);
    for (int c = 0; c < 3; ++c) {
        const int j = byWeight[c].second;
        EXPECT_NEAR(C[j * 2], centre[c][0], 0.3);
        EXPECT_NEAR(C[j * 2 + 1], centre[c][1], 0.3);
    }
    std::vector<double> w2;
    EXPECT_EQ(kmeansBackground(X, 60, 2, 3, 7, w2), C);
    EXPECT_THROW(kmeansBackground(X, 60, 2, 61, 7, w2), ParameterError);
}

struct Table {
    TableData data;
    std::vector<double> bg;
};

Table table(int n, int D) {
    Table t;
    t.data.n = n;
    t.data.D = D;
    t.data.X = gaussian(std::size_t(n * D), 12);
    for (int j = 0; j < D; ++j) t.data.featureNames.push_back("f" + std::to_string(j));
    t.bg = gaussian(std::size_t(4 * D), 13);
    return t;
}

TEST(ExplainRows, RowsMatchSingleExplanationsAndShardsAgree) {
    const int D = 5;
    const Table t = table(9, D);
    const auto model = test::randomMlp(D, 6, 2, 5);
    ExplainRequest req;
    req.method = Method::KernelShap;
    req.nsamples = 20;  // sampled, so the per-row seed matters
    req.seed = 4;
    const Explanations all = explainRows(*model, t.data, t.bg, 4, {}, req, JobContext::none());
    EXPECT_EQ(all.rows, 9);
    EXPECT_EQ(all.labels, (std::vector<int>{0, 1}));
    EXPECT_EQ(all.featureNames, t.data.featureNames);
    ASSERT_EQ(all.attributions.size(), 9u * D * 2);
    req.rowBegin = 3;
    req.rowEnd = 7;
    const Explanations part = explainRows(*model, t.data, t.bg, 4, {}, req, JobContext::none());
    EXPECT_EQ(part.rowBegin, 3);
    EXPECT_EQ(std::vector<double>(all.attributions.begin() + 3 * D * 2,
                                  all.attributions.begin() + 7 * D * 2),
              part.attributions);
    // Row 5 alone, by hand.
    const std::vector<double> x(t.data.X.begin() + 5 * D, t.data.X.begin() + 6 * D);
    KernelShapOptions o;
    o.nsamples = 20;
    o.seed = streamSeed(4, 5);
    const Explanation one = kernelShap(*model, *tabularMasker(x, t.bg, 4), o, JobContext::none());
    EXPECT_EQ(std::vector<double>(part.attributions.begin() + 2 * D * 2,
                                  part.attributions.begin() + 3 * D * 2),
              one.attributions);
    EXPECT_EQ(part.fx[2 * 2 + 1], one.fx[1]);
    EXPECT_EQ(all.expectedValue, one.expectedValue);
    req.method = Method::Exact;
    req.labels = {1};
    const Explanations ex = explainRows(*model, t.data, t.bg, 4, {}, req, JobContext::none());
    EXPECT_EQ(ex.labels, std::vector<int>{1});
    EXPECT_EQ(ex.modelRows, 4 * 32 * 4);
}

TEST(ExplainRows, LimeRowsEqualLimeTabularWithTheRowsStream) {
    const int D = 4;
    const Table t = table(30, D);
    const auto model = test::randomMlp(D, 5, 2, 8);
    ExplainRequest req;
    req.method = Method::Lime;
    req.rowBegin = 10;
    req.rowEnd = 12;
    req.nsamples = 300;
    req.seed = 6;
    const Explanations e = explainRows(*model, t.data, {}, 0, {}, req, JobContext::none());
    EXPECT_EQ(e.rows, 2);
    EXPECT_TRUE(e.expectedValue.empty());
    ASSERT_EQ(e.intercept.size(), 2u * 2);
    ASSERT_EQ(e.localR2.size(), 2u * 2);
    LimeOptions o;
    o.numSamples = 300;
    o.seed = streamSeed(6, 11);
    const std::vector<double> x(t.data.X.begin() + 11 * D, t.data.X.begin() + 12 * D);
    const Explanation one =
        limeTabular(*model, x, tabularStats(t.data.X, 30, D), o, JobContext::none());
    EXPECT_EQ(std::vector<double>(e.attributions.begin() + D * 2, e.attributions.end()),
              one.attributions);
    EXPECT_EQ(e.intercept[2], one.intercept[0]);
    EXPECT_EQ(e.localR2[3], one.localR2[1]);
}

TEST(ExplainRows, ProgressCancelAndBadInput) {
    const int D = 3;
    Table t = table(4, D);
    const auto f = test::papersFunction();
    struct Counting : JobContext {
        int steps = 0;
        void onProgress(std::int64_t, std::int64_t) override { ++steps; }
    } job;
    ExplainRequest exact;
    exact.method = Method::Exact;
    explainRows(*f, t.data, t.bg, 4, {}, exact, job);
    EXPECT_EQ(job.steps, 5);
    JobContext cancelled;
    cancelled.cancel();
    EXPECT_THROW(explainRows(*f, t.data, t.bg, 4, {}, {}, cancelled), JobCancelled);
    ExplainRequest req;
    req.rowBegin = 2;
    req.rowEnd = 9;
    std::string m = messageOf<ParameterError>(
        [&] { explainRows(*f, t.data, t.bg, 4, {}, req, JobContext::none()); });
    EXPECT_NE(m.find("rows: 2:9 is empty or outside 0:4"), std::string::npos) << m;
    t.data.X[2 * D + 1] = NAN;
    m = messageOf<InputError>(
        [&] { explainRows(*f, t.data, t.bg, 4, {}, {}, JobContext::none()); });
    EXPECT_NE(m.find("data: row 2: column 1 is not finite"), std::string::npos) << m;
    const auto wide = test::randomMlp(4, 3, 1, 1);
    m = messageOf<InputError>(
        [&] { explainRows(*wide, t.data, t.bg, 4, {}, {}, JobContext::none()); });
    EXPECT_NE(m.find("has 3 columns"), std::string::npos) << m;
    m = messageOf<InputError>(
        [&] { explainRows(*f, t.data, t.bg, 3, {}, {}, JobContext::none()); });
    EXPECT_NE(m.find("background"), std::string::npos) << m;
}

}  // namespace
}  // namespace assay::core::explain
