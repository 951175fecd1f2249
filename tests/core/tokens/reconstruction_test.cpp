// Reconstruction back to the grid and WiCo+ upsampling (reconstruction.h), each against a plain
// reference: reductions are built by hand from the documented layouts, so these tests do not
// depend on reduceTokens.
#include "assay/tokens/reconstruction.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "tests/core/tokens/analysis_reference.h"

namespace assay::core::tokens {
namespace {

using test::randomFeatures;

// WiCo tokens by the explicit loop over (row, col, c, a, b): element c·κ² + a·κ + b.
TokenReduction handWico(const std::vector<float>& v, GridSize grid, int dim, int k) {
    TokenReduction red;
    red.method = ReductionMethod::Wico;
    red.in = grid;
    red.out = {grid.rows / k, grid.cols / k};
    red.tokenCount = int(red.out.patches());
    red.tokenDim = dim * k * k;
    red.tokens.assign(std::size_t(red.tokenCount) * red.tokenDim, 0.0f);
    red.source.assign(std::size_t(grid.patches()), -1);
    red.members.resize(std::size_t(red.tokenCount));
    for (int R = 0; R < red.out.rows; ++R)
        for (int C = 0; C < red.out.cols; ++C) {
            const int m = R * red.out.cols + C;
            for (int a = 0; a < k; ++a)
                for (int b = 0; b < k; ++b) {
                    const int p = (R * k + a) * grid.cols + C * k + b;
                    red.source[std::size_t(p)] = m;
                    red.members[std::size_t(m)].push_back(p);
                    for (int c = 0; c < dim; ++c)
                        red.tokens[std::size_t(m) * red.tokenDim + c * k * k + a * k + b] =
                            v[std::size_t(p) * dim + c];
                }
        }
    for (auto& mem : red.members) std::sort(mem.begin(), mem.end());
    return red;
}

TokenReduction handPool(const std::vector<float>& v, GridSize grid, int dim, GridSize out) {
    TokenReduction red = handWico(v, grid, dim, grid.rows / out.rows);
    red.method = ReductionMethod::Pool;
    red.tokenDim = dim;
    red.tokens = test::windowMeans(v, grid, dim, out);
    return red;
}

TEST(Reconstruction, WicoAndConcat1dRestoreEveryPatchExactly) {
    const GridSize grid{6, 6};
    const int dim = 5;
    const std::vector<float> v = randomFeatures(grid.patches() * dim, 1);
    for (int k : {1, 2, 3, 6}) {
        const TokenReduction red = handWico(v, grid, dim, k);
        EXPECT_EQ(reconstructGrid(red, dim, Upsampling::Bilinear), v) << "kappa " << k;
    }
    // Concat1d: g consecutive patches, element c·g + j.
    const int g = 4;
    TokenReduction red;
    red.method = ReductionMethod::Concat1d;
    red.in = grid;
    red.out = {3, 3};
    red.tokenCount = 9;
    red.tokenDim = dim * g;
    red.tokens.resize(std::size_t(9 * dim * g));
    red.members.resize(9);
    for (int m = 0; m < 9; ++m)
        for (int j = 0; j < g; ++j) {
            red.members[std::size_t(m)].push_back(m * g + j);
            red.source.push_back(m);
            for (int c = 0; c < dim; ++c)
                red.tokens[std::size_t(m * dim * g + c * g + j)] =
                    v[std::size_t((m * g + j) * dim + c)];
        }
    const std::vector<float> back = reconstructGrid(red, dim, Upsampling::Nearest);
    EXPECT_EQ(back, v);
    const std::vector<double> e = patchError(v.data(), back.data(), dim, grid.patches());
    for (double x : e) EXPECT_EQ(x, 0.0);
}

TEST(Reconstruction, PoolNearestGivesEachPatchItsWindowMean) {
    const GridSize grid{6, 6}, out{2, 2};
    const int dim = 3;
    const std::vector<float> v = randomFeatures(grid.patches() * dim, 2);
    const TokenReduction red = handPool(v, grid, dim, out);
    const std::vector<float> back = reconstructGrid(red, dim, Upsampling::Nearest);
    for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 6; ++c)
            for (int k = 0; k < dim; ++k) {
                double s = 0;  // the direct mean of the patch's 3 × 3 window
                for (int a = 0; a < 3; ++a)
                    for (int b = 0; b < 3; ++b)
                        s += v[std::size_t((((r / 3) * 3 + a) * 6 + (c / 3) * 3 + b) * dim + k)];
                EXPECT_NEAR(back[std::size_t((r * 6 + c) * dim + k)], s / 9, 1e-5);
            }
}

TEST(Reconstruction, PoolBilinearEqualsBruteForceHalfPixelInterpolation) {
    for (const auto& [grid, out] : std::vector<std::pair<GridSize, GridSize>>{
             {{24, 24}, {12, 12}}, {{24, 24}, {8, 8}}, {{12, 8}, {3, 2}}, {{6, 6}, {1, 1}}}) {
        const int dim = 4;
        const std::vector<float> v = randomFeatures(grid.patches() * dim, 3);
        const TokenReduction red = handPool(v, grid, dim, out);
        const std::vector<float> back = reconstructGrid(red, dim, Upsampling::Bilinear);
        const std::vector<double> ref = test::resample(red.tokens, out, dim, grid, test::halfPixel);
        ASSERT_EQ(back.size(), ref.size());
        for (std::size_t i = 0; i < ref.size(); ++i)
            ASSERT_NEAR(back[i], ref[i], 1e-5)
                << gridSizeText(grid) << " from " << gridSizeText(out);
    }
}

TEST(Reconstruction, BilinearMatchesTorchOnAKnownCase) {
    // torch.nn.functional.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=(4, 4),
    // mode="bilinear", align_corners=False), printed by PyTorch:
    const double torchRows[4][4] = {{0.0, 0.25, 0.75, 1.0},
                                    {0.5, 0.75, 1.25, 1.5},
                                    {1.5, 1.75, 2.25, 2.5},
                                    {2.0, 2.25, 2.75, 3.0}};
    TokenReduction red;
    red.method = ReductionMethod::Pool;
    red.in = {4, 4};
    red.out = {2, 2};
    red.tokenCount = 4;
    red.tokenDim = 1;
    red.tokens = {0, 1, 2, 3};
    const std::vector<float> back = reconstructGrid(red, 1, Upsampling::Bilinear);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) EXPECT_DOUBLE_EQ(back[std::size_t(r * 4 + c)], torchRows[r][c]);
}

TEST(Reconstruction, TomeGivesEachPatchItsMergedToken) {
    const GridSize grid{4, 4};
    const int dim = 3;
    TokenReduction red;
    red.method = ReductionMethod::Tome;
    red.in = grid;
    red.out = {1, 3};
    red.tokenCount = 3;
    red.tokenDim = dim;
    red.tokens = randomFeatures(9, 4);
    red.source = {0, 0, 1, 1, 2, 2, 2, 0, 1, 1, 1, 1, 0, 2, 2, 0};
    red.members.resize(3);
    for (int p = 0; p < 16; ++p) red.members[std::size_t(red.source[std::size_t(p)])].push_back(p);
    for (Upsampling mode : {Upsampling::Nearest, Upsampling::Bilinear}) {
        const std::vector<float> back = reconstructGrid(red, dim, mode);
        for (int p = 0; p < 16; ++p)
            for (int k = 0; k < dim; ++k)
                EXPECT_EQ(back[std::size_t(p * dim + k)],
                          red.tokens[std::size_t(red.source[std::size_t(p)] * dim + k)]);
    }
}

TEST(Reconstruction, ClsKeepsSelectedPatchesAndFillsTheRestFromTheNearestKeptOne) {
    const GridSize grid{5, 5};
    const int dim = 2;
    const std::vector<float> v = randomFeatures(grid.patches() * dim, 5);
    const std::vector<int> kept = {0, 7, 13, 24};  // raster order = token order
    TokenReduction red;
    red.method = ReductionMethod::Cls;
    red.in = grid;
    red.out = {2, 2};
    red.tokenCount = 4;
    red.tokenDim = dim;
    red.source.assign(25, -1);
    for (int m = 0; m < 4; ++m) {
        const int p = kept[std::size_t(m)];
        red.source[std::size_t(p)] = m;
        red.members.push_back({p});
        red.tokens.insert(red.tokens.end(), v.begin() + p * dim, v.begin() + (p + 1) * dim);
    }
    const std::vector<float> back = reconstructGrid(red, dim, Upsampling::Bilinear);
    for (int p = 0; p < 25; ++p) {
        int best = -1;
        double bestD = 1e9;  // brute force: the kept patch nearest in patch units, ties lower index
        for (int m = 0; m < 4; ++m) {
            const int q = kept[std::size_t(m)];
            const double d = std::hypot(q / 5 - p / 5, q % 5 - p % 5);
            if (d < bestD - 1e-12) bestD = d, best = m;
        }
        for (int k = 0; k < dim; ++k)
            EXPECT_EQ(back[std::size_t(p * dim + k)],
                      v[std::size_t(kept[std::size_t(best)] * dim + k)])
                << p;
    }
}

TEST(Reconstruction, PatchErrorIsTheRelativeSquaredError) {
    const int dim = 6;
    const std::vector<float> v = randomFeatures(4 * dim, 6), r = randomFeatures(4 * dim, 7);
    const std::vector<double> e = patchError(v.data(), r.data(), dim, 4);
    for (int p = 0; p < 4; ++p) {
        std::vector<double> rd(r.begin() + p * dim, r.begin() + (p + 1) * dim);
        EXPECT_NEAR(e[std::size_t(p)],
                    test::relativeError(&v[std::size_t(p * dim)], rd.data(), dim), 1e-12);
    }
    const std::vector<float> zero(3, 0.0f), one = {0, 1, 0};
    EXPECT_EQ(patchError(zero.data(), zero.data(), 3, 1)[0], 0.0);
    EXPECT_EQ(patchError(zero.data(), one.data(), 3, 1)[0], 1.0);
}

TEST(WicoPlus, OneDimensionalKeepsEndPointsAndEqualsTheFormula) {
    const int ns = 144, nt = 576, ch = 7;
    const std::vector<float> t = randomFeatures(ns * ch, 8);
    const std::vector<float> up = upsampleTokens1d(t.data(), ns, ch, nt);
    ASSERT_EQ(up.size(), std::size_t(nt * ch));
    for (int k = 0; k < ch; ++k) {
        EXPECT_EQ(up[std::size_t(k)], t[std::size_t(k)]) << "h_0 kept exactly";
        EXPECT_EQ(up[std::size_t((nt - 1) * ch + k)], t[std::size_t((ns - 1) * ch + k)])
            << "h_143 kept";
    }
    for (int j = 0; j < nt; ++j) {
        const double x = double(j) * (ns - 1) / (nt - 1);
        const int lo = int(std::floor(x)), hi = std::min(lo + 1, ns - 1);
        const double f = x - lo;
        for (int k = 0; k < ch; ++k)
            ASSERT_NEAR(up[std::size_t(j * ch + k)],
                        (1 - f) * t[std::size_t(lo * ch + k)] + f * t[std::size_t(hi * ch + k)],
                        1e-5)
                << j;
    }
}

TEST(WicoPlus, IdentityAtEqualLengthAndConstantFromOneToken) {
    const std::vector<float> t = randomFeatures(144 * 3, 9);
    EXPECT_EQ(upsampleTokens1d(t.data(), 144, 3, 144), t);
    EXPECT_EQ(upsampleTokens2d(t.data(), {12, 12}, 3, {12, 12}), t);
    const std::vector<float> one = {1.5f, -2.0f};
    const std::vector<float> up = upsampleTokens1d(one.data(), 1, 2, 5);
    for (int j = 0; j < 5; ++j) {
        EXPECT_EQ(up[std::size_t(2 * j)], 1.5f);
        EXPECT_EQ(up[std::size_t(2 * j + 1)], -2.0f);
    }
    EXPECT_THROW(upsampleTokens1d(t.data(), 0, 3, 4), ParameterError);
}

TEST(WicoPlus, TwoDimensionalEqualsBruteForceAlignCornersAndKeepsCorners) {
    const GridSize from{12, 12}, to{24, 24};
    const int ch = 3;
    const std::vector<float> t = randomFeatures(from.patches() * ch, 10);
    const std::vector<float> up = upsampleTokens2d(t.data(), from, ch, to);
    const std::vector<double> ref = test::resample(t, from, ch, to, test::corners);
    for (std::size_t i = 0; i < ref.size(); ++i) ASSERT_NEAR(up[i], ref[i], 1e-5);
    for (int k = 0; k < ch; ++k) {
        EXPECT_EQ(up[std::size_t(k)], t[std::size_t(k)]);
        EXPECT_EQ(up[std::size_t((to.patches() - 1) * ch + k)],
                  t[std::size_t((from.patches() - 1) * ch + k)]);
        EXPECT_EQ(up[std::size_t((to.cols - 1) * ch + k)],
                  t[std::size_t((from.cols - 1) * ch + k)]);
    }
}

TEST(WicoPlus, CosineMapEqualsPooledThenUpsampledReference) {
    const GridSize grid{8, 8}, out{4, 4};
    const int dim = 5;
    const std::vector<float> v = randomFeatures(grid.patches() * dim, 11);
    const std::vector<float> pooled = test::windowMeans(v, grid, dim, out);
    for (WicoPlusMode mode : {WicoPlusMode::Linear1d, WicoPlusMode::Bilinear2d}) {
        const std::vector<double> cos = wicoPlusCosine(v.data(), grid, dim, out, mode);
        const std::vector<double> up =
            mode == WicoPlusMode::Linear1d
                ? test::resample(pooled, {1, 16}, dim, {1, 64}, test::corners)
                : test::resample(pooled, out, dim, grid, test::corners);
        ASSERT_EQ(cos.size(), std::size_t(64));
        for (int p = 0; p < 64; ++p) {
            const std::vector<float> u(up.begin() + p * dim, up.begin() + (p + 1) * dim);
            EXPECT_NEAR(cos[std::size_t(p)], test::cosine(&v[std::size_t(p * dim)], u.data(), dim),
                        1e-5)
                << wicoPlusModeName(mode) << " patch " << p;
        }
    }
    // Features constant over each window come back exactly at window centres in neither mode,
    // but a constant grid comes back everywhere: cosine 1.
    std::vector<float> flat(std::size_t(grid.patches() * dim));
    for (std::size_t i = 0; i < flat.size(); ++i) flat[i] = float(i % dim) + 1.0f;
    for (double c : wicoPlusCosine(flat.data(), grid, dim, out, WicoPlusMode::Linear1d))
        EXPECT_NEAR(c, 1.0, 1e-6);
}

TEST(Reconstruction, NamesRoundTripAndUnknownNamesAreRefused) {
    for (Upsampling u : {Upsampling::Nearest, Upsampling::Bilinear})
        EXPECT_EQ(upsamplingFromName(upsamplingName(u)), u);
    for (WicoPlusMode m : {WicoPlusMode::Linear1d, WicoPlusMode::Bilinear2d})
        EXPECT_EQ(wicoPlusModeFromName(wicoPlusModeName(m)), m);
    EXPECT_THROW(upsamplingFromName("cubic"), ParameterError);
    EXPECT_THROW(wicoPlusModeFromName("linear"), ParameterError);
}

}  // namespace
}  // namespace assay::core::tokens
