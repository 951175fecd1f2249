// KernelSHAP (shapley.h): with every coalition it equals exact Shapley (several models, M ≤ 10,
// papers.md §7(f)); efficiency and the dummy axiom; the sampled regime near exact; determinism;
// its pieces against shap 0.46's own code (solve, the size-class enumeration) and sklearn's
// LassoLarsIC, run by /usr/bin/python3 from shap_kernel_reference.py.
#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/explain/shapley.h"
#include "assay/io/npz_write.h"
#include "assay/io/tensor_file.h"
#include "kernel_shap_internal.h"
#include "shap_test_util.h"

namespace assay::core::explain {
namespace {

using test::gaussian;

void expectSame(const Explanation& a, const Explanation& b, double tol) {
    ASSERT_EQ(a.attributions.size(), b.attributions.size());
    for (std::size_t i = 0; i < a.attributions.size(); ++i)
        EXPECT_NEAR(a.attributions[i], b.attributions[i], tol) << i;
    for (std::size_t l = 0; l < a.labels.size(); ++l) {
        EXPECT_NEAR(a.expectedValue[l], b.expectedValue[l], 1e-12);
        EXPECT_NEAR(a.fx[l], b.fx[l], 1e-12);
    }
}

TEST(KernelShap, AllCoalitionsEqualExactShapley) {
    {
        const auto f = test::papersFunction();
        const auto m = tabularMasker({1.5, 0.7, -2.0}, {0, 0, 0}, 1);
        const Explanation k = kernelShap(*f, *m, {}, JobContext::none());
        EXPECT_EQ(k.modelRows, 6 + 2);
        expectSame(k, exactShapley(*f, *m, {}, JobContext::none()), 1e-10);
        EXPECT_NEAR(k.attribution(0, 0), -1.01684, 5e-6);
        EXPECT_NEAR(k.attribution(1, 0), 0.48316, 5e-6);
        EXPECT_NEAR(k.attribution(2, 0), -2.5, 1e-10);
    }
    for (int D : {2, 5, 6, 9, 10}) {
        const auto mlp = test::randomMlp(D, 12, 3, 100 + D);
        const auto m = tabularMasker(gaussian(D, D), gaussian(5 * D, 50 + D), 5, {5, 1, 1, 2, 1});
        expectSame(kernelShap(*mlp, *m, {}, JobContext::none()),
                   exactShapley(*mlp, *m, {}, JobContext::none()), 1e-10);
    }
    const auto inter = test::interactionModel(8, 3);
    const auto m8 = tabularMasker(gaussian(8, 1), gaussian(16, 2), 2);
    expectSame(kernelShap(*inter, *m8, {}, JobContext::none()),
               exactShapley(*inter, *m8, {}, JobContext::none()), 1e-10);
    // Grouped: 12 inputs in 7 groups (one input always kept), fill 0.
    std::vector<int> groups = {0, 0, 1, 2, 2, 3, 4, 5, 6, -1, 6, 1};
    const auto g = groupedMasker(gaussian(12, 3), groups, 7, std::vector<double>(12, 0.0));
    const auto mlp12 = test::randomMlp(12, 6, 1, 9);
    expectSame(kernelShap(*mlp12, *g, {}, JobContext::none()),
               exactShapley(*mlp12, *g, {}, JobContext::none()), 1e-10);
}

TEST(KernelShap, EfficiencyDummyAndConstantFeatures) {
    const int D = 10, dummy = 6;
    const auto model = test::interactionModel(D, dummy);
    std::vector<double> x = gaussian(D, 4), bg = gaussian(4 * D, 5);
    for (int b = 0; b < 4; ++b) bg[b * D + 2] = x[2];  // feature 2 never varies
    const auto m = tabularMasker(x, bg, 4);
    for (std::int64_t ns : {std::int64_t{0}, std::int64_t{300}}) {
        KernelShapOptions o;
        o.nsamples = ns;
        o.seed = 3;
        const Explanation e = kernelShap(*model, *m, o, JobContext::none());
        for (int l = 0; l < 2; ++l) {
            double sum = 0;
            for (int j = 0; j < D; ++j) sum += e.attribution(j, l);
            EXPECT_NEAR(sum, e.fx[l] - e.expectedValue[l], 1e-9);
            EXPECT_EQ(e.attribution(2, l), 0.0);
            if (ns == 0) {
                EXPECT_EQ(e.attribution(dummy, l), 0.0);
            }
        }
    }
    // One varying feature takes everything.
    const auto one = tabularMasker({1, 2, 3}, {1, 0, 3}, 1);
    const auto f = test::papersFunction();
    const Explanation e = kernelShap(*f, *one, {}, JobContext::none());
    EXPECT_EQ(e.attribution(0, 0), 0.0);
    EXPECT_DOUBLE_EQ(e.attribution(1, 0), e.fx[0] - e.expectedValue[0]);
}

TEST(KernelShap, SampledRegimeIsCloseToExactAndDeterministic) {
    const int D = 14;
    const auto model = test::randomMlp(D, 10, 1, 77);
    const auto m = tabularMasker(gaussian(D, 8), gaussian(3 * D, 9), 3);
    const Explanation exact = exactShapley(*model, *m, {}, JobContext::none());
    double scale = 0;
    for (double v : exact.attributions) scale = std::max(scale, std::fabs(v));
    for (L1Reg l1 : {L1Reg::Off, L1Reg::Auto}) {
        KernelShapOptions o;  // auto: 2·14 + 2048 of 16382 coalitions (12.7%: Lasso-AIC on)
        o.seed = 21;
        o.l1 = l1;
        const Explanation k = kernelShap(*model, *m, o, JobContext::none());
        EXPECT_EQ(k.modelRows, (2 * D + 2048 + 2) * 3);
        double err = 0;
        for (std::size_t i = 0; i < k.attributions.size(); ++i)
            err = std::max(err, std::fabs(k.attributions[i] - exact.attributions[i]));
        EXPECT_LT(err, 0.05 * scale) << "l1 " << int(l1);
        const Explanation again = kernelShap(*model, *m, o, JobContext::none());
        EXPECT_EQ(again.attributions, k.attributions);
        o.seed = 22;
        EXPECT_NE(kernelShap(*model, *m, o, JobContext::none()).attributions, k.attributions);
    }
}

TEST(KernelShap, EnumerationMatchesShapsLoop) {
    for (int M : {3, 4, 7, 10, 12}) {
        const std::int64_t full = (std::int64_t{1} << M) - 2;
        const detail::CoalitionPlan p = detail::kernelShapCoalitions(M, full, 1);
        ASSERT_EQ(p.count, full);
        EXPECT_EQ(p.fullSizeClasses, M / 2);
        std::vector<std::vector<std::uint8_t>> seen;
        for (std::int64_t k = 0; k < p.count; ++k)
            seen.emplace_back(p.masks.begin() + k * M, p.masks.begin() + (k + 1) * M);
        std::sort(seen.begin(), seen.end());
        EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
        EXPECT_NEAR(std::accumulate(p.weights.begin(), p.weights.end(), 0.0), 1.0, 1e-12);
    }
    // M = 4, all: sizes 1 (4 subsets, each followed by its complement) then 2 (6, unpaired).
    const detail::CoalitionPlan p = detail::kernelShapCoalitions(4, 14, 1);
    const std::vector<std::uint8_t> head = {1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1};
    EXPECT_EQ(std::vector<std::uint8_t>(p.masks.begin(), p.masks.begin() + 16), head);
    const std::vector<std::uint8_t> size2 = {1, 1, 0, 0, 1, 0, 1, 0};
    EXPECT_EQ(std::vector<std::uint8_t>(p.masks.begin() + 32, p.masks.begin() + 40), size2);
    // weight(1) = 2·(3/3) / (2 + 3/4) / 4 / 2, weight(2) = (3/4) / 2.75 / 6.
    EXPECT_NEAR(p.weights[0], 2.0 / 2.75 / 8, 1e-15);
    EXPECT_NEAR(p.weights[8], 0.75 / 2.75 / 6, 1e-15);
}

bool havePython() {
    return std::system("/usr/bin/python3 -c 'import numpy, scipy, sklearn' >/dev/null 2>&1") == 0;
}

std::string reference() {
    return "/usr/bin/python3 '" ASSAY_SOURCE_DIR "/tests/core/explain/shap_kernel_reference.py' ";
}

TEST(KernelShap, PlanAndSolveMatchShapsPython) {
    if (!havePython()) GTEST_SKIP() << "/usr/bin/python3 lacks numpy/scipy/sklearn";
    io::test::ScratchDir dir;
    struct Case {
        int M;
        std::int64_t nsamples;
        bool l1;
        bool sparse;  // a model with three strong features: Lasso-AIC drops others
    };
    const std::vector<Case> cases = {{6, 62, false, false},   {9, 120, false, false},
                                     {14, 2076, true, false}, {16, 400, true, false},
                                     {12, 500, true, false},  {16, 600, true, true},
                                     {20, 800, true, true}};
    std::vector<detail::CoalitionPlan> plans;
    std::vector<std::vector<double>> phis;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const int M = cases[i].M;
        plans.push_back(detail::kernelShapCoalitions(M, cases[i].nsamples, 5));
        const detail::CoalitionPlan& p = plans.back();
        // One model's values on these coalitions, solved by us now and by shap's code below.
        const auto sparse = functionModel(
            M, 1,
            [M](const double* r, std::int64_t n, double* o) {
                for (std::int64_t k = 0; k < n; ++k) {
                    const double* x = r + k * M;
                    double s = 3 * x[0] - 2 * x[1] + 1.5 * x[2] + 0.5 * std::tanh(x[3] * x[4]);
                    for (int j = 5; j < M; ++j) s += 1e-3 * x[j];
                    o[k] = s;
                }
            },
            "sparse");
        const auto mlp = test::randomMlp(M, 8, 1, 40 + M);
        const Model& model = cases[i].sparse ? *sparse : *mlp;
        const auto masker = tabularMasker(gaussian(M, M), gaussian(2 * M, 3 * M), 2);
        std::vector<std::uint8_t> masks = p.masks;
        masks.insert(masks.end(), static_cast<std::size_t>(M), 0);
        masks.insert(masks.end(), static_cast<std::size_t>(M), 1);
        const std::vector<double> v = coalitionValues(model, *masker, masks, JobContext::none());
        std::vector<double> eyAdj(v.begin(), v.begin() + p.count);
        for (double& y : eyAdj) y -= v[p.count];
        const double delta = v[p.count + 1] - v[p.count];
        phis.push_back(detail::kernelShapSolve(p, M, eyAdj, delta, cases[i].l1));
        const std::vector<double> maskD(p.masks.begin(), p.masks.end());
        io::writeNpz(dir / ("case" + std::to_string(i) + ".npz"),
                     {io::tensorFromDoubles("M", {double(M)}, {}),
                      io::tensorFromDoubles("nsamples", {double(cases[i].nsamples)}, {}),
                      io::tensorFromDoubles("masks", maskD, {p.count, M}),
                      io::tensorFromDoubles("weights", p.weights, {p.count}),
                      io::tensorFromDoubles("ey_adj", eyAdj, {p.count}),
                      io::tensorFromDoubles("delta", {delta}, {}),
                      io::tensorFromDoubles("l1", {cases[i].l1 ? 1.0 : 0.0}, {})});
    }
    ASSERT_EQ(
        std::system((reference() + "'" + dir.path().string() + "' " + std::to_string(cases.size()))
                        .c_str()),
        0);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const int M = cases[i].M;
        const detail::CoalitionPlan& p = plans[i];
        // The deterministic head of the coalitions against shap's loop.
        const io::TensorFile pf = io::TensorFile::open(dir / ("plan" + std::to_string(i) + ".npz"));
        const std::vector<double> refMasks = pf.toDoubles("masks"), refW = pf.toDoubles("weights");
        EXPECT_EQ(pf.toDoubles("full")[0], p.fullSizeClasses) << M;
        ASSERT_LE(refW.size(), static_cast<std::size_t>(p.count));
        for (std::size_t k = 0; k < refMasks.size(); ++k) ASSERT_EQ(refMasks[k], p.masks[k]) << k;
        for (std::size_t k = 0; k < refW.size(); ++k) EXPECT_NEAR(refW[k], p.weights[k], 1e-15);
        const double drawn =
            std::accumulate(p.weights.begin() + std::ptrdiff_t(refW.size()), p.weights.end(), 0.0);
        EXPECT_NEAR(drawn, pf.toDoubles("weight_left")[0], 1e-12);
        // The solve.
        const std::string phiName = "phi" + std::to_string(i);
        const std::vector<double> ref =
            io::TensorFile::open(dir / (phiName + ".npy")).toDoubles(phiName);
        ASSERT_EQ(ref.size(), phis[i].size());
        int zerosOurs = 0, zerosRef = 0;
        for (int j = 0; j < M; ++j) {
            EXPECT_NEAR(phis[i][j], ref[j], 1e-9) << "M " << M << " feature " << j;
            zerosOurs += phis[i][j] == 0;
            zerosRef += ref[j] == 0;
        }
        EXPECT_EQ(zerosOurs, zerosRef) << "M " << M;
        // Lasso-AIC drops 2 of 14 MLP features, 12 of 16 and 16 of 20 sparse ones: the selection
        // itself is compared, not only the solve.
        if (cases[i].sparse) EXPECT_GE(zerosRef, M / 2) << "M " << M;
    }
}

TEST(KernelShap, LarsPathMatchesSklearnsOnARandomProblem) {
    // A sanity check independent of Python: the path ends at the OLS fit.
    const int n = 40, p = 5;
    std::vector<double> X = gaussian(n * p, 1), y(n);
    for (int i = 0; i < n; ++i) y[i] = X[i * p] * 2 - X[i * p + 3] + 0.1 * gaussian(1, 100 + i)[0];
    for (int j = 0; j < p; ++j) {
        double mean = 0;
        for (int i = 0; i < n; ++i) mean += X[i * p + j] / n;
        for (int i = 0; i < n; ++i) X[i * p + j] -= mean;
    }
    const auto path = detail::larsLassoPath(X, n, p, y);
    ASSERT_GE(path.size(), 2u);
    std::vector<double> G(p * p, 0.0), r(p, 0.0), ols;
    for (int i = 0; i < n; ++i)
        for (int a = 0; a < p; ++a) {
            r[a] += X[i * p + a] * y[i];
            for (int b = 0; b < p; ++b) G[a * p + b] += X[i * p + a] * X[i * p + b];
        }
    ASSERT_TRUE(detail::solveLinear(G, r, p, ols));
    for (int j = 0; j < p; ++j) EXPECT_NEAR(path.back()[j], ols[j], 1e-9);
    EXPECT_EQ(path.front(), std::vector<double>(p, 0.0));
    const std::vector<int> keep = detail::lassoAicSelect(X, n, p, y);
    EXPECT_NE(std::find(keep.begin(), keep.end(), 0), keep.end());
    EXPECT_NE(std::find(keep.begin(), keep.end(), 3), keep.end());
}

}  // namespace
}  // namespace assay::core::explain
