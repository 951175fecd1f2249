// The least-squares decoder over a batch (against the normal equations solved by Gaussian
// elimination here) and the budget table (against its formulas).
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/tokens/reconstruction.h"
#include "assay/tokens/token_budget.h"
#include "tests/core/tokens/analysis_reference.h"

namespace assay::core::tokens {
namespace {

TEST(LinearDecoder, UnavailableForOneImageAndForConcatenation) {
    const GridSize grid{4, 4};
    PatchFeatures one = PatchFeatures::fromFloats(test::randomFeatures(16 * 3, 1), 1, grid, 3);
    ReductionSpec spec;
    spec.method = ReductionMethod::Pool;
    spec.out = {2, 2};
    const DecoderResult r = fitLinearDecoder(one, spec);
    EXPECT_NE(r.unavailable.find("needs a batch"), std::string::npos) << r.unavailable;
    EXPECT_TRUE(r.patchError.empty());
    PatchFeatures two = PatchFeatures::fromFloats(test::randomFeatures(2 * 16 * 3, 2), 2, grid, 3);
    spec.method = ReductionMethod::Wico;
    EXPECT_NE(fitLinearDecoder(two, spec).unavailable.find("lossless"), std::string::npos);
    spec.method = ReductionMethod::Concat1d;
    EXPECT_NE(fitLinearDecoder(two, spec).unavailable.find("lossless"), std::string::npos);
    spec.method = ReductionMethod::Cls;
    EXPECT_FALSE(fitLinearDecoder(two, spec).unavailable.empty()) << "no attention";
    // 2 images × 1 window = 2 samples per offset map for D = 3 unknowns: an exact fit of nothing.
    spec.method = ReductionMethod::Pool;
    spec.out = {1, 1};
    const DecoderResult few = fitLinearDecoder(two, spec);
    EXPECT_NE(few.unavailable.find("fewer equations"), std::string::npos) << few.unavailable;
    spec.out = {2, 2};
    EXPECT_TRUE(fitLinearDecoder(two, spec).unavailable.empty())
        << "2 images x 4 windows = 8 samples per map >= 3";
}

TEST(LinearDecoder, PoolEqualsTheNormalEquationsPerWindowOffset) {
    const GridSize grid{4, 4}, out{2, 2};
    const int dim = 3, images = 6;
    const std::vector<float> all = test::randomFeatures(images * grid.patches() * dim, 3);
    PatchFeatures batch = PatchFeatures::fromFloats(all, images, grid, dim);
    ReductionSpec spec;
    spec.method = ReductionMethod::Pool;
    spec.out = out;
    const DecoderResult r = fitLinearDecoder(batch, spec);
    ASSERT_TRUE(r.unavailable.empty()) << r.unavailable;
    ASSERT_EQ(r.patchError.size(), std::size_t(images * 16));
    // Reference: one D × D map per offset (a, b), fitted on every window of every image.
    std::vector<double> expected(std::size_t(images * 16));
    double identityLoss = 0, decoderLoss = 0;
    for (int off = 0; off < 4; ++off) {
        const int a = off / 2, b = off % 2;
        std::vector<double> g(dim * dim, 0.0), rhs(dim * dim, 0.0);
        auto forEach = [&](auto f) {
            for (int i = 0; i < images; ++i) {
                const std::vector<float> v(all.begin() + i * 16 * dim,
                                           all.begin() + (i + 1) * 16 * dim);
                const std::vector<float> t = test::windowMeans(v, grid, dim, out);
                for (int w = 0; w < 4; ++w) {
                    const int p = ((w / 2) * 2 + a) * 4 + (w % 2) * 2 + b;
                    f(i, p, &t[std::size_t(w * dim)], &v[std::size_t(p * dim)]);
                }
            }
        };
        forEach([&](int, int, const float* t, const float* v) {
            for (int x = 0; x < dim; ++x)
                for (int y = 0; y < dim; ++y) {
                    g[std::size_t(x * dim + y)] += double(t[x]) * t[y];
                    rhs[std::size_t(x * dim + y)] += double(t[x]) * v[y];
                }
        });
        double trace = 0;
        for (int x = 0; x < dim; ++x) trace += g[std::size_t(x * dim + x)];
        for (int x = 0; x < dim; ++x) g[std::size_t(x * dim + x)] += 1e-6 * trace / dim;
        const std::vector<double> X = test::solve(g, rhs, dim, dim);
        forEach([&](int i, int p, const float* t, const float* v) {
            std::vector<double> dec(dim, 0.0);
            for (int y = 0; y < dim; ++y)
                for (int x = 0; x < dim; ++x)
                    dec[std::size_t(y)] += X[std::size_t(x * dim + y)] * t[x];
            expected[std::size_t(i * 16 + p)] = test::relativeError(v, dec.data(), dim);
            double norm = 0, id = 0;
            for (int y = 0; y < dim; ++y) {
                norm += double(v[y]) * v[y];
                id += (double(t[y]) - v[y]) * (double(t[y]) - v[y]);
            }
            identityLoss += id;
            decoderLoss += r.patchError[std::size_t(i * 16 + p)] * norm;
        });
    }
    double mean = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(r.patchError[i], expected[i], 1e-4 * (1 + expected[i])) << i;
        mean += r.patchError[i];
    }
    EXPECT_NEAR(r.meanError, mean / double(expected.size()), 1e-12);
    // Least squares beats the identity map (nearest upsampling) on its own batch.
    EXPECT_LE(decoderLoss, identityLoss * (1 + 1e-6));
}

TEST(LinearDecoder, RecoversAnExactlyLinearRelation) {
    // Every patch at offset (a, b) is A_ab times its window's mean plus nothing: the decoder
    // fitted on a batch must reproduce it (error ≈ 0). Build features from window tokens u:
    // v_{w,ab} = u_w + δ_ab·u_w with the four δ summing to 0, so the window mean is u_w.
    const GridSize grid{4, 4};
    const int dim = 2, images = 5;
    const double delta[4] = {0.5, -0.25, 0.25, -0.5};
    std::vector<float> all;
    const std::vector<float> u = test::randomFeatures(images * 4 * dim, 4);
    for (int i = 0; i < images; ++i)
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 4; ++c) {
                const int w = (r / 2) * 2 + c / 2, off = (r % 2) * 2 + c % 2;
                for (int k = 0; k < dim; ++k)
                    all.push_back(float((1 + delta[off]) * u[std::size_t((i * 4 + w) * dim + k)]));
            }
    PatchFeatures batch = PatchFeatures::fromFloats(all, images, grid, dim);
    ReductionSpec spec;
    spec.method = ReductionMethod::Pool;
    spec.out = {2, 2};
    const DecoderResult r = fitLinearDecoder(batch, spec);
    ASSERT_TRUE(r.unavailable.empty());
    EXPECT_LT(r.meanError, 1e-6);
}

TEST(LinearDecoder, TomeFitsOneMapFromEachPatchsMergedToken) {
    const GridSize grid{4, 4};
    const int dim = 3, images = 4;
    const std::vector<float> all = test::randomFeatures(images * 16 * dim, 5);
    PatchFeatures batch = PatchFeatures::fromFloats(all, images, grid, dim);
    ReductionSpec spec;
    spec.method = ReductionMethod::Tome;
    spec.out = {2, 2};
    const DecoderResult r = fitLinearDecoder(batch, spec);
    ASSERT_TRUE(r.unavailable.empty()) << r.unavailable;
    std::vector<double> g(dim * dim, 0.0), rhs(dim * dim, 0.0);
    std::vector<std::vector<float>> inputs;
    for (int i = 0; i < images; ++i) {
        const std::vector<float> v(all.begin() + i * 16 * dim, all.begin() + (i + 1) * 16 * dim);
        const TokenReduction red = reduceTokens(v.data(), grid, dim, spec);
        std::vector<float> t;
        for (int p = 0; p < 16; ++p) {
            const float* tok = &red.tokens[std::size_t(red.source[std::size_t(p)] * dim)];
            t.insert(t.end(), tok, tok + dim);
            for (int x = 0; x < dim; ++x)
                for (int y = 0; y < dim; ++y) {
                    g[std::size_t(x * dim + y)] += double(tok[x]) * tok[y];
                    rhs[std::size_t(x * dim + y)] += double(tok[x]) * v[std::size_t(p * dim + y)];
                }
        }
        inputs.push_back(t);
    }
    double trace = 0;
    for (int x = 0; x < dim; ++x) trace += g[std::size_t(x * dim + x)];
    for (int x = 0; x < dim; ++x) g[std::size_t(x * dim + x)] += 1e-6 * trace / dim;
    const std::vector<double> X = test::solve(g, rhs, dim, dim);
    for (int i = 0; i < images; ++i)
        for (int p = 0; p < 16; ++p) {
            std::vector<double> dec(dim, 0.0);
            for (int y = 0; y < dim; ++y)
                for (int x = 0; x < dim; ++x)
                    dec[std::size_t(y)] += X[std::size_t(x * dim + y)] *
                                           inputs[std::size_t(i)][std::size_t(p * dim + x)];
            const double e =
                test::relativeError(&all[std::size_t((i * 16 + p) * dim)], dec.data(), dim);
            EXPECT_NEAR(r.patchError[std::size_t(i * 16 + p)], e, 1e-4 * (1 + e));
        }
}

TEST(BudgetTable, RowsFollowTheFormulasForEveryBudget) {
    LlmShape llm;
    llm.parameters = 7e9;
    llm.layers = 32;
    llm.width = 4096;
    llm.bytesPerElement = 2;
    llm.heads = 32;
    llm.kvHeads = 8;
    llm.textTokens = 40;
    const std::vector<BudgetRow> rows = budgetTable({24, 24}, llm);
    const std::vector<int> counts = {576, 144, 64, 36, 16, 9, 4, 1};
    ASSERT_EQ(rows.size(), counts.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].visualTokens, counts[i]);
        const double t = counts[i] + 40.0;
        const double flops = 2 * 7e9 * t + 4 * 32 * t * t * 4096;
        EXPECT_DOUBLE_EQ(rows[i].prefillFlops, flops);
        EXPECT_DOUBLE_EQ(rows[i].kvCacheBytes, 2 * 32 * t * 4096 * 2 * (8.0 / 32));
        EXPECT_DOUBLE_EQ(rows[i].flopsShare, flops / rows[0].prefillFlops);
    }
    EXPECT_EQ(rows[0].flopsShare, 1.0);
}

TEST(BudgetTable, RefusesImpossibleShapes) {
    LlmShape llm;
    llm.kvHeads = 5;  // does not divide 32
    EXPECT_THROW(budgetTable({24, 24}, llm), ParameterError);
    llm.kvHeads = 64;
    EXPECT_THROW(budgetTable({24, 24}, llm), ParameterError);
    llm = LlmShape{};
    llm.layers = 0;
    EXPECT_THROW(budgetTable({24, 24}, llm), ParameterError);
    llm = LlmShape{};
    llm.textTokens = -1;
    EXPECT_THROW(budgetTable({24, 24}, llm), ParameterError);
    EXPECT_THROW(budgetTable({0, 24}, LlmShape{}), ParameterError);
}

}  // namespace
}  // namespace assay::core::tokens
