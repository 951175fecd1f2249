// fitLogistic against an independent dense Newton solve of sklearn's objective (and against
// sklearn itself when /usr/bin/python3 has it), over every storage dtype and thread count;
// decisionScores / projections against plain dot products.
#include "assay/probes/logistic_probe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "../io/expect_error.h"
#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "fit_test_util.h"

namespace assay::core::probes {
namespace {

using test::Data;

LogisticOptions tight(double C, bool balanced) {
    LogisticOptions o;
    o.C = C;
    o.balanced = balanced;
    o.tol = 1e-9;
    o.ftol = 0;  // the gradient test alone, so the result is the optimum to ~1e-9
    return o;
}

void expectNear(const LogisticProbe& p, const test::Reference& ref, double tol) {
    ASSERT_EQ(p.weights.size(), ref.w.size());
    for (std::size_t j = 0; j < ref.w.size(); ++j) EXPECT_NEAR(p.weights[j], ref.w[j], tol) << j;
    EXPECT_NEAR(p.bias, ref.b, tol);
}

struct Case {
    double C;
    bool balanced;
};

class NewtonCase : public ::testing::TestWithParam<Case> {};

TEST_P(NewtonCase, CoefficientsEqualNewtonSolve) {
    const Case c = GetParam();
    // Overlapping, unbalanced classes (30 % positive), so the optimum is finite and the class
    // weights matter.
    const Data data = test::gaussianClasses(300, 7, 1.2, 11, 0.3);
    const test::Reference ref = test::newtonReference(data, c.C, c.balanced);
    const LogisticProbe p = fitLogistic(test::viewOf(data), data.labels, tight(c.C, c.balanced));
    EXPECT_TRUE(p.converged);
    expectNear(p, ref, 1e-7);
    EXPECT_NEAR(p.objective, test::referenceObjective(data, ref.w, ref.b, c.C, c.balanced),
                1e-9 * p.objective);
    // The default tolerance (sklearn's tol = 1e-4) is close too.
    LogisticOptions def;
    def.C = c.C;
    def.balanced = c.balanced;
    const LogisticProbe q = fitLogistic(test::viewOf(data), data.labels, def);
    expectNear(q, ref, 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Probes, NewtonCase,
                         ::testing::Values(Case{1.0, false}, Case{0.05, false}, Case{1.0, true},
                                           Case{20.0, true}));

TEST(LogisticProbe, BalancedWeightsShiftTheBiasTowardsTheRareClass) {
    const Data data = test::gaussianClasses(400, 3, 1.0, 5, 0.15);
    const LogisticProbe plain = fitLogistic(test::viewOf(data), data.labels, tight(1, false));
    const LogisticProbe bal = fitLogistic(test::viewOf(data), data.labels, tight(1, true));
    EXPECT_GT(bal.bias, plain.bias + 0.5);  // rare positives weighted up: more rows score positive
    expectNear(bal, test::newtonReference(data, 1, true), 1e-7);
}

// IEEE half bits of v, which must be zero or a normal half exactly (a multiple of 1/64 below 8).
std::uint16_t exactHalf(float v) {
    if (v == 0) return 0;
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    const std::uint32_t sign = (bits >> 16) & 0x8000u;
    const std::uint32_t exp = ((bits >> 23) & 0xffu) - 127 + 15;
    return std::uint16_t(sign | (exp << 10) | ((bits & 0x7fffffu) >> 13));
}

// F16 / BF16 / F64 rows give exactly the fit of the same values stored as F32 (the values are
// multiples of 1/64 below 4 in magnitude: 8 significant bits, exact in every dtype).
TEST(LogisticProbe, StorageDtypesFitTheSameValues) {
    Data data = test::gaussianClasses(200, 9, 1.0, 3);
    for (float& v : data.x) v = std::clamp(std::round(v * 64) / 64, -255 / 64.0f, 255 / 64.0f);
    std::vector<std::uint16_t> half(data.x.size()), bf(data.x.size());
    std::vector<double> wide(data.x.size());
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        wide[i] = data.x[i];
        half[i] = exactHalf(data.x[i]);
        std::uint32_t bits;
        std::memcpy(&bits, &data.x[i], 4);
        ASSERT_EQ(bits & 0xffffu, 0u);  // 8 significant bits fit bfloat16
        bf[i] = std::uint16_t(bits >> 16);
    }
    const LogisticOptions o = tight(1, false);
    const LogisticProbe f32 = fitLogistic(test::viewOf(data), data.labels, o);
    expectNear(f32, test::newtonReference(data, 1, false), 1e-7);
    const RowView views[] = {
        test::viewOf(wide.data(), io::DType::F64, data.n, data.d, sizeof(double)),
        test::viewOf(half.data(), io::DType::F16, data.n, data.d, 2),
        test::viewOf(bf.data(), io::DType::BF16, data.n, data.d, 2)};
    for (const RowView& v : views) {
        const LogisticProbe p = fitLogistic(v, data.labels, o);
        EXPECT_EQ(p.weights, f32.weights) << io::dtypeName(v.dtype);
        EXPECT_EQ(p.bias, f32.bias);
    }
}

// Widths that are not a multiple of the kernel's 8 lanes, and row counts that are not a multiple
// of its 8-row blocks or of its 64 slots, on 1, 2 and 3 threads: identical numbers.
TEST(LogisticProbe, DeterministicAcrossThreadCounts) {
    const Data data = test::gaussianClasses(203, 13, 0.8, 17);
    LogisticOptions o = tight(0.5, false);
    o.threads = 1;
    const LogisticProbe one = fitLogistic(test::viewOf(data), data.labels, o);
    for (int t : {2, 3}) {
        o.threads = t;
        const LogisticProbe many = fitLogistic(test::viewOf(data), data.labels, o);
        EXPECT_EQ(one.weights, many.weights) << t;
        EXPECT_EQ(one.bias, many.bias) << t;
        EXPECT_EQ(one.iterations, many.iterations) << t;
    }
    expectNear(one, test::newtonReference(data, 0.5, false), 1e-7);
}

TEST(LogisticProbe, WarmStartFromTheSolutionStopsAtOnce) {
    const Data data = test::gaussianClasses(250, 6, 1.0, 23);
    const LogisticProbe cold = fitLogistic(test::viewOf(data), data.labels, tight(1, false));
    const LogisticProbe warm = fitLogistic(test::viewOf(data), data.labels, tight(1, false), &cold);
    EXPECT_LE(warm.iterations, 1);
    expectNear(warm, test::newtonReference(data, 1, false), 1e-7);
    // From another C's solution: the same optimum as from zeros.
    const LogisticProbe other = fitLogistic(test::viewOf(data), data.labels, tight(0.01, false));
    const LogisticProbe fromOther =
        fitLogistic(test::viewOf(data), data.labels, tight(1, false), &other);
    expectNear(fromOther, test::newtonReference(data, 1, false), 1e-7);
}

TEST(LogisticProbe, StopsAtMaxIterations) {
    const Data data = test::gaussianClasses(250, 6, 1.0, 23);
    LogisticOptions o = tight(1, false);
    o.maxIterations = 2;
    const LogisticProbe p = fitLogistic(test::viewOf(data), data.labels, o);
    EXPECT_EQ(p.iterations, 2);
    EXPECT_FALSE(p.converged);
}

class CancelAfter : public JobContext {
public:
    explicit CancelAfter(int n) : m_left(n) {}

protected:
    void onProgress(std::int64_t, std::int64_t) override {
        if (--m_left == 0) cancel();
    }

private:
    int m_left;
};

TEST(LogisticProbe, CancelStopsBetweenIterations) {
    const Data data = test::gaussianClasses(250, 6, 1.0, 23);
    CancelAfter job(2);
    EXPECT_THROW(fitLogistic(test::viewOf(data), data.labels, tight(1, false), nullptr, job),
                 JobCancelled);
}

TEST(LogisticProbe, RejectsBadArguments) {
    const Data data = test::gaussianClasses(20, 3, 1.0, 1);
    const RowView v = test::viewOf(data);
    LogisticOptions o;
    o.C = 0;
    EXPECT_NE(
        core::test::messageOf<ParameterError>([&] { fitLogistic(v, data.labels, o); }).find("C"),
        std::string::npos);
    std::vector<std::uint8_t> shortLabels(data.labels.begin(), data.labels.end() - 1);
    EXPECT_THROW(fitLogistic(v, shortLabels, {}), ParameterError);
    std::vector<std::uint8_t> one(data.labels.size(), 1);
    EXPECT_NE(core::test::messageOf<ParameterError>([&] {
                  fitLogistic(v, one, {});
              }).find("both classes"),
              std::string::npos);
    std::vector<std::uint8_t> two = data.labels;
    two[4] = 2;
    EXPECT_NE(
        core::test::messageOf<ParameterError>([&] { fitLogistic(v, two, {}); }).find("row 4 is 2"),
        std::string::npos);
    LogisticProbe wrong;
    wrong.weights.assign(2, 0.0);
    EXPECT_THROW(fitLogistic(v, data.labels, {}, &wrong), ParameterError);
}

TEST(LogisticProbe, DecisionScoresAndProjectionsAreDotProducts) {
    const Data data = test::gaussianClasses(37, 19, 1.0, 9);
    std::vector<double> w(19);
    for (std::size_t j = 0; j < w.size(); ++j) w[j] = std::sin(double(j) + 0.3);
    for (int threads : {1, 3}) {
        const std::vector<double> s = decisionScores(test::viewOf(data), w, -0.7, threads);
        const std::vector<double> p = projections(test::viewOf(data), w, threads);
        ASSERT_EQ(s.size(), 37u);
        for (std::int64_t i = 0; i < data.n; ++i) {
            double ref = 0;
            for (std::int64_t j = 0; j < data.d; ++j) ref += w[std::size_t(j)] * data.at(i, j);
            EXPECT_NEAR(s[std::size_t(i)], ref - 0.7, 1e-12);
            EXPECT_NEAR(p[std::size_t(i)], ref, 1e-12);
        }
    }
    EXPECT_THROW(decisionScores(test::viewOf(data), std::vector<double>(3), 0), ParameterError);
}

// sklearn itself (the benchmark's reference) on a fixed case, run at test time.
TEST(LogisticProbe, MatchesSklearn) {
    if (std::system("/usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 has no sklearn (python3-sklearn)";
    io::test::ScratchDir dir;
    for (const Case c : {Case{1.0, false}, Case{0.2, true}}) {
        const Data data = test::gaussianClasses(240, 5, 1.0, 31, 0.35);
        {
            std::ofstream in(dir / "case.txt");
            in << data.n << ' ' << data.d << ' ' << c.C << ' ' << (c.balanced ? 1 : 0)
               << " 1e-10\n";
            char buf[40];
            for (std::int64_t i = 0; i < data.n; ++i) {
                in << int(data.labels[std::size_t(i)]);
                for (std::int64_t j = 0; j < data.d; ++j) {
                    std::snprintf(buf, sizeof buf, " %.17g", data.at(i, j));
                    in << buf;
                }
                in << '\n';
            }
        }
        const std::string cmd = "/usr/bin/python3 '" ASSAY_SOURCE_DIR
                                "/tests/core/probes/sklearn_logistic_check.py' '" +
                                (dir / "case.txt").string() + "' '" + (dir / "out.txt").string() +
                                "'";
        ASSERT_EQ(std::system(cmd.c_str()), 0);
        std::ifstream out(dir / "out.txt");
        test::Reference sk;
        sk.w.resize(std::size_t(data.d));
        for (double& v : sk.w) out >> v;
        out >> sk.b;
        ASSERT_TRUE(out);
        const LogisticProbe p =
            fitLogistic(test::viewOf(data), data.labels, tight(c.C, c.balanced));
        // sklearn stops on SciPy's relative-reduction test (≈1e-5 here), so: close coefficients,
        // and its objective no better than ours.
        expectNear(p, sk, 2e-4);
        const double theirs = test::referenceObjective(data, sk.w, sk.b, c.C, c.balanced);
        EXPECT_GE(theirs, p.objective - 1e-9 * p.objective);
        EXPECT_LE(theirs, p.objective + 1e-7 * p.objective);
    }
}

}  // namespace
}  // namespace assay::core::probes
