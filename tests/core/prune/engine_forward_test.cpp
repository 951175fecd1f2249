// The engine's MoE block forward against a brute-force double loop for each family, bf16 inputs
// and weights, mask = deletion, load conservation, and the MSE gradient against finite
// differences of the brute-force loss.
#include <gtest/gtest.h>

#include "../../../core/src/prune/prune_engine.h"
#include "assay/core/error.h"
#include "engine_test_support.h"

namespace assay::test::prune_engine {
namespace {

BlockInput inputOf(const Mat& x) { return {io::DType::F32, x.r, x.c, x.v.data()}; }

struct FamilyCase {
    MoeFamily family;
    bool norm;
};

class ForwardFamily : public ::testing::TestWithParam<FamilyCase> {};

TEST_P(ForwardFamily, MatchesBruteForceWithAndWithoutMask) {
    const TestLayer t = randomLayer(GetParam().family, 8, 2, 16, 12, 7, GetParam().norm);
    const Mat x = randomTokens(40, 16, 3);
    const PruneEngine& eng = pruneEngine();
    for (const std::vector<bool>& kept :
         {std::vector<bool>(8, true),
          std::vector<bool>{true, false, true, true, false, true, true, true}}) {
        const std::vector<float> y =
            eng.forward(t.config, t.weights(), inputOf(x), kept, nullptr, JobContext::none());
        EXPECT_LT(relDiff(bruteForward(t, x, kept), y), 1e-5);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Families, ForwardFamily,
    ::testing::Values(FamilyCase{MoeFamily::Mixtral, true}, FamilyCase{MoeFamily::QwenMoe, false},
                      FamilyCase{MoeFamily::QwenMoe, true}, FamilyCase{MoeFamily::Olmoe, true},
                      FamilyCase{MoeFamily::Olmoe, false}, FamilyCase{MoeFamily::Demo, true}));

TEST(EngineForward, Bf16InputAndWeightsEqualTheirFp32Values) {
    // bf16 data converted chunk by chunk must give what the same (rounded) values give in fp32.
    TestLayer t = randomLayer(MoeFamily::QwenMoe, 8, 2, 16, 40, 9, true);
    Mat x = randomTokens(30, 16, 4);
    auto roundMat = [](Mat& m, std::vector<std::uint16_t>& bits) {
        bits.resize(m.v.size());
        for (std::size_t i = 0; i < m.v.size(); ++i) {
            bits[i] = toBf16(m.v[i]);
            m.v[i] = fromBf16(bits[i]);
        }
    };
    std::vector<std::uint16_t> xb;
    roundMat(x, xb);
    std::vector<std::vector<std::uint16_t>> eb(t.experts.size() * 3);
    for (std::size_t p = 0; p < t.experts.size(); ++p) {
        roundMat(t.experts[p].gate, eb[p * 3]);
        roundMat(t.experts[p].up, eb[p * 3 + 1]);
        roundMat(t.experts[p].down, eb[p * 3 + 2]);
    }
    MoeLayerWeights w = t.weights();
    for (std::size_t p = 0; p < t.experts.size(); ++p) {
        ExpertWeights& e = w.experts[p];
        for (int m = 0; m < 3; ++m) {
            WeightView& v = m == 0 ? e.gate : m == 1 ? e.up : e.down;
            v.dtype = io::DType::BF16;
            v.data = eb[p * 3 + static_cast<std::size_t>(m)].data();
        }
    }
    const std::vector<bool> kept(8, true);
    const std::vector<float> y32 =
        pruneEngine().forward(t.config, t.weights(), inputOf(x), kept, nullptr, JobContext::none());
    const BlockInput xb16{io::DType::BF16, x.r, x.c, xb.data()};
    const std::vector<float> y16 =
        pruneEngine().forward(t.config, w, xb16, kept, nullptr, JobContext::none());
    std::vector<double> ref(y32.begin(), y32.end());
    EXPECT_LT(relDiff(ref, y16), 1e-6);
    EXPECT_LT(relDiff(bruteForward(t, x, kept), y16), 1e-5);
}

TEST(EngineForward, LogitMaskEqualsDeletion) {
    const std::vector<bool> kept{true, true, false, true, true, false, true, true};
    for (MoeFamily fam : {MoeFamily::Mixtral, MoeFamily::QwenMoe, MoeFamily::Olmoe}) {
        const TestLayer t = randomLayer(fam, 8, 2, 16, 12, 21, true);
        const Mat x = randomTokens(64, 16, 5);
        const std::vector<float> masked = pruneEngine().forward(t.config, t.weights(), inputOf(x),
                                                                kept, nullptr, JobContext::none());
        const std::vector<float> deleted = pruneEngine().forwardDeleted(
            t.config, t.weights(), inputOf(x), kept, JobContext::none());
        ASSERT_EQ(masked.size(), deleted.size());
        if (fam == MoeFamily::Mixtral) {
            // softmax over the k selected logits: the same sums in the same order.
            EXPECT_EQ(0, std::memcmp(masked.data(), deleted.data(), masked.size() * sizeof(float)));
        } else {
            std::vector<double> ref(deleted.begin(), deleted.end());
            EXPECT_LT(relDiff(ref, masked), 1e-6) << "family " << static_cast<int>(fam);
        }
    }
}

TEST(EngineForward, LoadIsConservedUnderAMask) {
    const TestLayer t = randomLayer(MoeFamily::Olmoe, 8, 3, 16, 12, 5);
    const Mat x = randomTokens(100, 16, 6);
    const std::vector<bool> kept{false, true, true, false, true, true, true, false};
    const Routing r =
        pruneEngine().route(t.config, t.weights(), inputOf(x), kept, JobContext::none());
    std::vector<std::int64_t> load(8, 0);
    for (std::int32_t e : r.idx) ++load[static_cast<std::size_t>(e)];
    EXPECT_EQ(std::accumulate(load.begin(), load.end(), std::int64_t{0}), 3 * 100);
    for (int p = 0; p < 8; ++p)
        if (!kept[static_cast<std::size_t>(p)]) EXPECT_EQ(load[static_cast<std::size_t>(p)], 0);
}

TEST(EngineForward, TooFewSurvivorsIsAParameterError) {
    const TestLayer t = randomLayer(MoeFamily::Mixtral, 4, 2, 8, 6, 5);
    const Mat x = randomTokens(5, 8, 6);
    EXPECT_THROW(pruneEngine().route(t.config, t.weights(), inputOf(x), {true, false, false, false},
                                     JobContext::none()),
                 ParameterError);
}

// MSE = mean over T·d of (y − target)² in double, the brute-force loss.
double bruteMse(const TestLayer& t, const Mat& x, const Mat& target) {
    const std::vector<double> y = bruteForward(t, x, std::vector<bool>(t.experts.size(), true));
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += (y[i] - target.v[i]) * (y[i] - target.v[i]);
    return s / static_cast<double>(y.size());
}

TEST(EngineGradients, MseGradientMatchesFiniteDifferences) {
    TestLayer t = randomLayer(MoeFamily::Mixtral, 4, 2, 6, 5, 17);
    const Mat x = randomTokens(24, 6, 8);
    SplitMix64 rng(3);
    const Mat target = randomMat(24, 6, rng, 0.5);
    const std::vector<ExpertGradient> g =
        pruneEngine().mseGradients(t.config, t.weights(), inputOf(x), inputOf(target),
                                   std::vector<bool>(4, true), JobContext::none());
    ASSERT_EQ(g.size(), 4u);
    // Central differences in double on the brute-force loss (the routing is piecewise constant in
    // the expert weights, so a small step does not change it).
    const double h = 1e-3;
    int checked = 0;
    for (int p = 0; p < 4; ++p)
        for (int m = 0; m < 3; ++m)
            for (std::size_t i = 0; i < 30; i += 7) {
                Mat& mat = m == 0   ? t.experts[static_cast<std::size_t>(p)].gate
                           : m == 1 ? t.experts[static_cast<std::size_t>(p)].up
                                    : t.experts[static_cast<std::size_t>(p)].down;
                const float keep = mat.v[i];
                mat.v[i] = static_cast<float>(keep + h);
                const double up = bruteMse(t, x, target);
                mat.v[i] = static_cast<float>(keep - h);
                const double down = bruteMse(t, x, target);
                mat.v[i] = keep;
                const double fd = (up - down) / (static_cast<double>(static_cast<float>(keep + h)) -
                                                 static_cast<double>(static_cast<float>(keep - h)));
                const std::vector<float>& gv = m == 0   ? g[static_cast<std::size_t>(p)].gate
                                               : m == 1 ? g[static_cast<std::size_t>(p)].up
                                                        : g[static_cast<std::size_t>(p)].down;
                EXPECT_NEAR(gv[i], fd, 1e-4 * std::max(1.0, std::abs(fd)) + 2e-6)
                    << "expert " << p << " matrix " << m << " entry " << i;
                ++checked;
            }
    EXPECT_EQ(checked, 4 * 3 * 5);
}

}  // namespace
}  // namespace assay::test::prune_engine
