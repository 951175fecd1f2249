// weightedRidge against sklearn's Ridge with sample weights (run at test time) and against an
// independent solve of the augmented normal equations with an unpenalised intercept.
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

struct Case {
    std::int64_t n;
    int M;
    std::vector<double> Z, y, w;
};

Case randomCase(std::int64_t n, int M, std::uint64_t seed, bool binary) {
    SplitMix64 rng(seed);
    Case c{n, M, {}, {}, {}};
    for (std::int64_t i = 0; i < n * M; ++i)
        c.Z.push_back(binary ? double(rng.next() >> 63) : 2.0 * rng.normal() + 0.5);
    for (std::int64_t i = 0; i < n; ++i) {
        double v = 0.3;
        for (int j = 0; j < M; ++j) v += (j % 3 - 1) * 0.7 * c.Z[i * M + j];
        c.y.push_back(v + 0.4 * rng.normal());
        c.w.push_back(std::exp(-2.0 * rng.uniform()));
    }
    return c;
}

// Gaussian elimination with partial pivoting on the (M+1)² system for (b, c): the intercept's
// row and column carry no penalty.
std::vector<double> augmentedSolve(const Case& c, double alpha) {
    const int K = c.M + 1;
    std::vector<double> A(K * K, 0.0), r(K, 0.0);
    for (std::int64_t i = 0; i < c.n; ++i) {
        std::vector<double> z = {1.0};
        for (int j = 0; j < c.M; ++j) z.push_back(c.Z[i * c.M + j]);
        for (int a = 0; a < K; ++a) {
            r[a] += c.w[i] * z[a] * c.y[i];
            for (int b = 0; b < K; ++b) A[a * K + b] += c.w[i] * z[a] * z[b];
        }
    }
    for (int j = 1; j < K; ++j) A[j * K + j] += alpha;
    for (int col = 0; col < K; ++col) {
        int p = col;
        for (int row = col + 1; row < K; ++row)
            if (std::fabs(A[row * K + col]) > std::fabs(A[p * K + col])) p = row;
        for (int k = 0; k < K; ++k) std::swap(A[col * K + k], A[p * K + k]);
        std::swap(r[col], r[p]);
        for (int row = col + 1; row < K; ++row) {
            const double f = A[row * K + col] / A[col * K + col];
            for (int k = col; k < K; ++k) A[row * K + k] -= f * A[col * K + k];
            r[row] -= f * r[col];
        }
    }
    for (int row = K - 1; row >= 0; --row) {
        for (int k = row + 1; k < K; ++k) r[row] -= A[row * K + k] * r[k];
        r[row] /= A[row * K + row];
    }
    return r;
}

TEST(LimeRidge, MatchesTheAugmentedNormalEquations) {
    // Continuous columns, and 0/1 columns (which weightedRidge sums per row pattern first).
    for (const double alpha : {0.0, 1.0, 25.0})
        for (const bool binary : {false, true}) {
            const Case c = randomCase(300, 6, 7, binary);
            const RidgeFit fit = weightedRidge(c.Z, c.n, c.M, c.y, c.w, alpha);
            const std::vector<double> ref = augmentedSolve(c, alpha);
            EXPECT_NEAR(fit.intercept, ref[0], 1e-10);
            for (int j = 0; j < c.M; ++j)
                EXPECT_NEAR(fit.coef[j], ref[j + 1], 1e-10) << alpha << binary;
            EXPECT_GT(fit.r2, 0.5);
            EXPECT_LE(fit.r2, 1.0);
        }
}

TEST(LimeRidge, MatchesSklearnRidgeWithSampleWeights) {
    if (!test::havePythonModule("sklearn")) GTEST_SKIP() << "/usr/bin/python3 has no sklearn";
    io::test::ScratchDir dir;
    struct Setting {
        std::int64_t n;
        int M;
        bool binary;
        double alpha;
    };
    const Setting settings[] = {{500, 8, true, 1.0}, {200, 3, false, 1.0}, {400, 12, true, 0.01}};
    std::vector<Case> cases;
    {
        std::ofstream in(dir / "ridge.txt");  // one file, one Python start
        for (const Setting& s : settings) {
            cases.push_back(randomCase(s.n, s.M, 11 + s.M, s.binary));
            const Case& c = cases.back();
            in << c.n << ' ' << c.M << ' ' << test::exact(s.alpha) << '\n';
            for (std::int64_t i = 0; i < c.n; ++i) {
                in << test::exact(c.y[i]) << ' ' << test::exact(c.w[i]);
                for (int j = 0; j < c.M; ++j) in << ' ' << test::exact(c.Z[i * c.M + j]);
                in << '\n';
            }
        }
    }
    ASSERT_TRUE(test::runReference("ridge '" + (dir / "ridge.txt").string() + "' '" +
                                   (dir / "out.txt").string() + "'"));
    std::ifstream out(dir / "out.txt");
    for (std::size_t k = 0; k < cases.size(); ++k) {
        const Case& c = cases[k];
        std::vector<double> ref(c.M + 2);
        for (double& v : ref) out >> v;
        ASSERT_TRUE(out);
        const RidgeFit fit = weightedRidge(c.Z, c.n, c.M, c.y, c.w, settings[k].alpha);
        for (int j = 0; j < c.M; ++j) EXPECT_NEAR(fit.coef[j], ref[j], 1e-9) << k << ' ' << j;
        EXPECT_NEAR(fit.intercept, ref[c.M], 1e-9) << k;
        EXPECT_NEAR(fit.r2, ref[c.M + 1], 1e-9) << k;
    }
}

TEST(LimeRidge, ExactFitScoresOneAndConstantColumnsGetZero) {
    // y = 2 − 3 z0 exactly, z1 constant: α = 0 recovers it, z1 gets 0, R² = 1.
    std::vector<double> Z, y, w;
    for (int i = 0; i < 20; ++i) {
        Z.push_back(i * 0.5);
        Z.push_back(4.0);
        y.push_back(2.0 - 3.0 * i * 0.5);
        w.push_back(1.0 + i % 3);
    }
    const RidgeFit fit = weightedRidge(Z, 20, 2, y, w, 0.0);
    EXPECT_NEAR(fit.coef[0], -3.0, 1e-12);
    EXPECT_EQ(fit.coef[1], 0.0);
    EXPECT_NEAR(fit.intercept, 2.0, 1e-11);
    EXPECT_NEAR(fit.r2, 1.0, 1e-14);
    // A constant y is fitted exactly: score 1 (sklearn's force_finite convention).
    const RidgeFit flat = weightedRidge(Z, 20, 2, std::vector<double>(20, 5.0), w, 1.0);
    EXPECT_EQ(flat.r2, 1.0);
    EXPECT_NEAR(flat.intercept, 5.0, 1e-12);
}

TEST(LimeRidge, RejectsBadShapesAndWeights) {
    const std::vector<double> Z(6, 1.0), y(3, 1.0), w(3, 1.0);
    EXPECT_THROW(weightedRidge(Z, 3, 3, y, w, 1.0), ParameterError);
    EXPECT_THROW(weightedRidge(Z, 3, 2, std::vector<double>(2), w, 1.0), ParameterError);
    EXPECT_THROW(weightedRidge(Z, 3, 2, y, {1, -1, 1}, 1.0), ParameterError);
    EXPECT_THROW(weightedRidge(Z, 3, 2, y, {0, 0, 0}, 1.0), ParameterError);
    EXPECT_THROW(weightedRidge(Z, 3, 2, y, w, -1.0), ParameterError);
    EXPECT_THROW(weightedRidge({}, 0, 2, {}, {}, 1.0), ParameterError);
}

}  // namespace
}  // namespace assay::core::explain
