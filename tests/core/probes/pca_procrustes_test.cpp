// The analysis' linear algebra: core's cyclic Jacobi eigen solver and one-sided Jacobi SVD
// (reconstruction, orthogonality, rank deficiency), PCA by randomised subspace iteration against
// the eigenvectors of the brute-force covariance (a classical Jacobi reference), and orthogonal
// Procrustes recovering a random orthogonal Q and matching the closed form M (MᵀM)^{-1/2}.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analysis_linalg.h"
#include "assay/core/error.h"
#include "assay/probes/pca.h"
#include "assay/probes/subspace_transfer.h"
#include "pca_kernels.h"
#include "tests/core/probes/analysis_reference.h"

namespace assay::core::probes {
namespace {

using test::Matrix;

double maxAbsDiff(const Matrix& a, const Matrix& b) {
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

Matrix identity(int n) {
    Matrix m(static_cast<std::size_t>(n * n), 0.0);
    for (int i = 0; i < n; ++i) m[i * n + i] = 1;
    return m;
}

TEST(SymmetricEigen, ReconstructsAndIsOrthogonal) {
    const int n = 9;
    const Matrix g = test::gaussian(n, n, 3);
    const Matrix a = test::multiply(test::transpose(g, n, n), g, n, n, n);  // SPD
    const detail::SymmetricEigen e = detail::symmetricEigen(a, n);
    for (int k = 1; k < n; ++k) EXPECT_GE(e.values[k - 1], e.values[k]);
    Matrix lv = e.vectors;  // V Λ
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < n; ++k) lv[i * n + k] *= e.values[k];
    const Matrix back = test::multiply(lv, test::transpose(e.vectors, n, n), n, n, n);
    EXPECT_LT(maxAbsDiff(back, a), 1e-11);
    const Matrix vtv = test::multiply(test::transpose(e.vectors, n, n), e.vectors, n, n, n);
    EXPECT_LT(maxAbsDiff(vtv, identity(n)), 1e-13);
    // Against the classical-pivot reference: the same spectrum.
    auto [values, vectors] = test::jacobiReference(a, n);
    std::sort(values.rbegin(), values.rend());
    for (int k = 0; k < n; ++k) EXPECT_NEAR(e.values[k], values[k], 1e-11 * values[0]);
}

TEST(JacobiSvd, ReconstructsRectangularMatrix) {
    const int m = 11, n = 5;
    const Matrix a = test::gaussian(m, n, 5);
    const detail::Svd s = detail::jacobiSvd(a, m, n);
    for (int k = 1; k < n; ++k) EXPECT_GE(s.s[k - 1], s.s[k]);
    Matrix us = s.u;
    for (int i = 0; i < m; ++i)
        for (int k = 0; k < n; ++k) us[i * n + k] *= s.s[k];
    EXPECT_LT(maxAbsDiff(test::multiply(us, test::transpose(s.v, n, n), m, n, n), a), 1e-12);
    EXPECT_LT(maxAbsDiff(test::multiply(test::transpose(s.u, m, n), s.u, n, m, n), identity(n)),
              1e-13);
    EXPECT_LT(maxAbsDiff(test::multiply(test::transpose(s.v, n, n), s.v, n, n, n), identity(n)),
              1e-13);
}

TEST(JacobiSvd, RankDeficientStillGivesOrthogonalFactors) {
    const int n = 6;
    // Rank 2: a = b cᵀ with b, c of 2 columns.
    const Matrix b = test::gaussian(n, 2, 7), c = test::gaussian(2, n, 8);
    const Matrix a = test::multiply(b, c, n, 2, n);
    const detail::Svd s = detail::jacobiSvd(a, n, n);
    for (int k = 2; k < n; ++k) EXPECT_LT(s.s[k], 1e-12 * s.s[0]);
    EXPECT_LT(maxAbsDiff(test::multiply(test::transpose(s.u, n, n), s.u, n, n, n), identity(n)),
              1e-12);
    Matrix us = s.u;
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < n; ++k) us[i * n + k] *= s.s[k];
    EXPECT_LT(maxAbsDiff(test::multiply(us, test::transpose(s.v, n, n), n, n, n), a), 1e-12);
}

// States with a decaying spectrum: x = z · diag(scale) · Qᵀ + offset, z Gaussian.
Matrix spectrumStates(std::int64_t n, int d, std::uint64_t seed) {
    Matrix z = test::gaussian(n, d, seed);
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j) z[i * d + j] *= j < 4 ? 12.0 - 2.5 * j : 1.0 / (1 + j);
    Matrix x =
        test::multiply(z, test::transpose(test::randomOrthogonal(d, seed + 1), d, d), n, d, d);
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j) x[i * d + j] += 5.0 + 0.1 * j;
    return x;
}

TEST(FitPca, MatchesBruteForceCovarianceEigenvectors) {
    const std::int64_t n = 400;
    const int d = 30, r = 3;  // k = 13 < d: the randomised path, not an exact full basis
    const Matrix x = spectrumStates(n, d, 11);
    const PcaBasis basis = fitPca(test::viewOf(x, d), r, 99);
    ASSERT_EQ(basis.rank, r);
    ASSERT_EQ(basis.width, d);

    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const auto reference = test::jacobiReference(test::covariance(x, n, d), d);
    const std::vector<double>& values = reference.first;
    const Matrix& vectors = reference.second;
    std::vector<int> order(d);
    for (int i = 0; i < d; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return values[a] > values[b]; });
    double trace = 0;
    for (double v : values) trace += v;
    EXPECT_NEAR(basis.totalVariance, trace, 1e-9 * trace);
    for (int k = 0; k < r; ++k) {
        const int src = order[k];
        EXPECT_NEAR(basis.variance[k], values[src], 1e-9 * values[src]);
        double cosine = 0, largest = 0;
        for (int j = 0; j < d; ++j) {
            const double c = basis.components[k * d + j];
            cosine += c * vectors[j * d + src];
            if (std::abs(c) > std::abs(largest)) largest = c;
        }
        EXPECT_NEAR(std::abs(cosine), 1.0, 1e-9) << "component " << k;
        EXPECT_GT(largest, 0) << "sign convention";
    }
    // Orthonormal rows.
    for (int a = 0; a < r; ++a)
        for (int b = 0; b < r; ++b)
            EXPECT_NEAR(test::dot(&basis.components[a * d], &basis.components[b * d], d),
                        a == b ? 1.0 : 0.0, 1e-12);
    // The mean.
    for (int j = 0; j < d; ++j) {
        double m = 0;
        for (std::int64_t i = 0; i < n; ++i) m += x[i * d + j];
        EXPECT_NEAR(basis.mean[j], m / n, 1e-12);
    }
}

TEST(FitPca, SameSeedSameBasisAndFloatRowsAgree) {
    const std::int64_t n = 300;
    const int d = 24;
    const Matrix x = spectrumStates(n, d, 21);
    const PcaBasis a = fitPca(test::viewOf(x, d), 2, 5);
    const PcaBasis b = fitPca(test::viewOf(x, d), 2, 5);
    EXPECT_EQ(a.components, b.components);
    EXPECT_EQ(a.variance, b.variance);
    // The same states stored as float: the same components to float precision.
    std::vector<float> xf(x.begin(), x.end());
    Matrix xd(xf.begin(), xf.end());
    const PcaBasis f = fitPca(test::viewOf(xf, d), 2, 5);
    const PcaBasis g = fitPca(test::viewOf(xd, d), 2, 5);
    EXPECT_LT(maxAbsDiff(f.components, g.components), 1e-12);
}

// The pass's determinism: a worker's share of rows (projectBlock) or of columns (accumulateBlock)
// gives the same bits as the whole, so any thread count does; and both equal plain products.
TEST(PcaKernels, SharesGiveTheSameBitsAsTheWholeAndEqualPlainProducts) {
    const std::int64_t rows = 71, d = 300, kp = 16;  // crosses the 64-row, 256-column chunks
    const Matrix x = test::gaussian(rows, d, 1), q = test::gaussian(d, kp, 2);
    Matrix whole(rows * kp), parts(rows * kp);
    detail::projectBlock(x.data(), rows, d, q.data(), kp, whole.data());
    detail::projectBlock(x.data(), 3, d, q.data(), kp, parts.data());
    detail::projectBlock(x.data() + 3 * d, rows - 3, d, q.data(), kp, parts.data() + 3 * kp);
    EXPECT_EQ(whole, parts);
    EXPECT_LT(maxAbsDiff(whole, test::multiply(x, q, rows, d, kp)), 1e-12);
    Matrix g1(d * kp, 0.5), g2(d * kp, 0.5);
    detail::accumulateBlock(x.data(), rows, d, whole.data(), kp, g1.data(), 0, d);
    detail::accumulateBlock(x.data(), rows, d, whole.data(), kp, g2.data(), 0, 5);
    detail::accumulateBlock(x.data(), rows, d, whole.data(), kp, g2.data(), 5, d);
    EXPECT_EQ(g1, g2);
    // The portable entries (the fallback without AVX2) give the same bits.
    Matrix portable(rows * kp), g3(d * kp, 0.5);
    detail::projectBlockPortable(x.data(), rows, d, q.data(), kp, portable.data());
    EXPECT_EQ(portable, whole);
    detail::accumulateBlockPortable(x.data(), rows, d, whole.data(), kp, g3.data(), 0, d);
    EXPECT_EQ(g3, g1);
    Matrix expected = test::multiply(test::transpose(x, rows, d), whole, d, rows, kp);
    for (double& v : expected) v += 0.5;
    EXPECT_LT(maxAbsDiff(g1, expected), 1e-11);
}

TEST(ProjectPca, EqualsCentredDotProducts) {
    const std::int64_t n = 50;
    const int d = 8;
    const Matrix x = spectrumStates(n, d, 31);
    const PcaBasis basis = fitPca(test::viewOf(x, d), 3, 1);
    const std::vector<double> z = projectPca(test::viewOf(x, d), basis, 3);
    ASSERT_EQ(z.size(), static_cast<std::size_t>(n * 3));
    for (std::int64_t i = 0; i < n; ++i)
        for (int k = 0; k < 3; ++k) {
            double s = 0;
            for (int j = 0; j < d; ++j)
                s += (x[i * d + j] - basis.mean[j]) * basis.components[k * d + j];
            EXPECT_NEAR(z[i * 3 + k], s, 1e-12);
        }
    // Rows are independent: any thread count gives the same bits.
    EXPECT_EQ(projectPca(test::viewOf(x, d), basis, 1), z);
    EXPECT_EQ(projectPca(test::viewOf(x, d), basis, 0), z);
    // Variance of the coordinates = the component variances.
    for (int k = 0; k < 3; ++k) {
        double ss = 0;
        for (std::int64_t i = 0; i < n; ++i) ss += z[i * 3 + k] * z[i * 3 + k];
        EXPECT_NEAR(ss / (n - 1), basis.variance[k], 1e-9 * basis.variance[k]);
    }
}

TEST(FitPca, RefusesRanksOutOfRange) {
    const Matrix x = test::gaussian(5, 4, 1);
    EXPECT_THROW(fitPca(test::viewOf(x, 4), 0), ParameterError);
    EXPECT_THROW(fitPca(test::viewOf(x, 4), 5), ParameterError);
    EXPECT_NO_THROW(fitPca(test::viewOf(x, 4), 4));
}

// Counts progress calls and cancels itself at the second: the next progress() throws.
class CancelAfterFirst : public JobContext {
public:
    int calls = 0;

protected:
    void onProgress(std::int64_t, std::int64_t) override {
        if (++calls == 1) cancel();
    }
};

TEST(FitPca, ReportsProgressPerPassAndCancels) {
    const Matrix x = spectrumStates(100, 6, 3);
    CancelAfterFirst job;
    EXPECT_THROW(fitPca(test::viewOf(x, 6), 2, 0, 4, job), JobCancelled);
    EXPECT_EQ(job.calls, 1);
}

TEST(OrthogonalProcrustes, RecoversRandomOrthogonalQ) {
    const std::int64_t n = 60;
    const int r = 7;
    const Matrix zs = test::gaussian(n, r, 41);
    const Matrix q = test::randomOrthogonal(r, 42);
    const Matrix zt = test::multiply(zs, q, n, r, r);
    const std::vector<double> rot = orthogonalProcrustes(zs, zt, n, r);
    EXPECT_LT(maxAbsDiff(rot, q), 1e-12);
}

TEST(OrthogonalProcrustes, MatchesClosedFormOnNoisyPairs) {
    const std::int64_t n = 80;
    const int r = 5;
    const Matrix zs = test::gaussian(n, r, 51);
    Matrix zt = test::multiply(zs, test::randomOrthogonal(r, 52), n, r, r);
    const Matrix noise = test::gaussian(n, r, 53);
    for (std::size_t i = 0; i < zt.size(); ++i) zt[i] += 0.3 * noise[i];
    const std::vector<double> rot = orthogonalProcrustes(zs, zt, n, r);
    // Closed form: R = M (MᵀM)^{-1/2}, M = Z_sᵀ Z_t, via the reference eigen solver.
    const Matrix m = test::multiply(test::transpose(zs, n, r), zt, r, n, r);
    auto [values, vectors] =
        test::jacobiReference(test::multiply(test::transpose(m, r, r), m, r, r, r), r);
    Matrix inverseRoot(static_cast<std::size_t>(r * r), 0.0);
    for (int a = 0; a < r; ++a)
        for (int b = 0; b < r; ++b)
            for (int k = 0; k < r; ++k)
                inverseRoot[a * r + b] +=
                    vectors[a * r + k] * vectors[b * r + k] / std::sqrt(values[k]);
    EXPECT_LT(maxAbsDiff(rot, test::multiply(m, inverseRoot, r, r, r)), 1e-10);
}

TEST(OrthogonalProcrustes, RefusesSizesThatDisagree) {
    const Matrix a = test::gaussian(4, 3, 1);
    EXPECT_THROW(orthogonalProcrustes(a, test::gaussian(5, 3, 2), 4, 3), ParameterError);
    EXPECT_THROW(orthogonalProcrustes(a, a, 4, 0), ParameterError);
}

}  // namespace
}  // namespace assay::core::probes
