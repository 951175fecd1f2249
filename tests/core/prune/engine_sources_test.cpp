// PruningModel over real inputs: tiny Hugging Face checkpoints of each family (io's writer) with a
// calibration file, and the trained demo (few steps). Checked against brute force on the values
// written, and for the demo that every criterion, evaluation and the lottery run.
#include <gtest/gtest.h>
#include <unistd.h>

#include "../../../core/src/prune/pruning_model_impl.h"
#include "assay/core/error.h"
#include "assay/demo/prune_demo.h"
#include "assay/io/safetensors.h"
#include "engine_test_support.h"
#include "tiny_checkpoint.h"

namespace assay::test::prune_engine {
namespace {

namespace tiny = assay::core::prune::test;

Mat matOf(const std::vector<double>& v, std::int64_t r, std::int64_t c) {
    Mat m{r, c, std::vector<float>(v.begin(), v.end())};
    return m;
}

// The brute-force layer from the values the checkpoint writer recorded.
TestLayer layerFromValues(const tiny::TinyCheckpoint& ck, const MoeConfig& cfg, int l) {
    TestLayer t;
    t.config = cfg;
    const MoeFamily fam = ck.spec.family;
    const int n = cfg.numExperts, d = cfg.hidden, f = cfg.expertHidden;
    t.router = matOf(ck.value(tiny::tinyRouterName(fam, l)), n, d);
    for (int j = 0; j < n; ++j)
        t.experts.push_back({matOf(ck.value(tiny::tinyExpertName(fam, l, j, "gate")), f, d),
                             matOf(ck.value(tiny::tinyExpertName(fam, l, j, "up")), f, d),
                             matOf(ck.value(tiny::tinyExpertName(fam, l, j, "down")), d, f)});
    if (cfg.sharedExpertHidden > 0) {
        const int fs = cfg.sharedExpertHidden;
        t.hasShared = true;
        t.shared = {matOf(ck.value(tiny::tinySharedName(l, "gate")), fs, d),
                    matOf(ck.value(tiny::tinySharedName(l, "up")), fs, d),
                    matOf(ck.value(tiny::tinySharedName(l, "down")), d, fs)};
        t.sharedGate = matOf(ck.value(tiny::tinySharedGateName(l)), 1, d);
    }
    return t;
}

struct Case {
    MoeFamily family;
    io::DType dtype;
    int shards;
};

class CheckpointSource : public ::testing::TestWithParam<Case> {};

TEST_P(CheckpointSource, CriteriaAndEvaluationMatchBruteForceOnTheWrittenValues) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("assay_prune_engine_ck_" + std::to_string(::getpid()) + "_" +
                      std::to_string(static_cast<int>(GetParam().family)));
    std::filesystem::remove_all(dir);
    tiny::TinySpec spec;
    spec.family = GetParam().family;
    spec.dtype = GetParam().dtype;
    spec.shards = GetParam().shards;
    spec.numExperts = 6;
    const tiny::TinyCheckpoint ck = tiny::writeTinyCheckpoint(dir / "ckpt", spec);
    const int T = 48, d = spec.hidden;
    const int l = ck.moeLayers.back();
    const Mat x = randomTokens(T, d, 3);
    SplitMix64 rng(8);
    const Mat target = randomMat(T, d, rng, 0.5);
    std::vector<std::int64_t> ids(T);
    for (auto& id : ids) id = static_cast<std::int64_t>(rng.below(10));
    const std::string h = "layers." + std::to_string(l);
    io::writeSafetensors(
        dir / "calib.safetensors",
        {io::tensorFromDoubles(h + ".hidden", {x.v.begin(), x.v.end()}, {T, d}),
         io::tensorFromDoubles(h + ".target", {target.v.begin(), target.v.end()}, {T, d}),
         io::tensorFromInt64("token_ids", ids, {T})},
        {});
    const PruningModel model =
        PruningModel::openCheckpoint(dir / "ckpt", dir / "calib.safetensors");
    EXPECT_EQ(model.source(), PruningSource::Checkpoint);
    ASSERT_EQ(model.layers(), std::vector<int>{l});
    for (Criterion c : allCriteria()) EXPECT_EQ(model.unavailableReason(c), "") << criterionName(c);
    EXPECT_NE(model.gradientLossDescription().find("target"), std::string::npos);
    const TestLayer t = layerFromValues(ck, model.config(), l);
    ExpertMask mask = fullMaskOf(model.impl());
    mask.layers[l].kept[1] = false;
    const auto v = computeCriteria(model, mask, {Criterion::EWN, Criterion::EAN, Criterion::EUF});
    const auto& rows = model.impl().estimationRows;
    std::vector<double> ean(6, 0.0), euf(6, 0.0);
    std::vector<std::vector<double>> colSq(6,
                                           std::vector<double>(static_cast<std::size_t>(d), 0.0));
    for (std::int64_t r : rows) {
        const float* xi = x.v.data() + r * d;
        for (int p : bruteRoute(t, xi, mask.layers[l].kept).idx) {
            euf[static_cast<std::size_t>(p)] += 1.0 / static_cast<double>(rows.size());
            const auto a = expertOut(t.experts[static_cast<std::size_t>(p)], xi);
            for (int j = 0; j < d; ++j)
                colSq[static_cast<std::size_t>(p)][static_cast<std::size_t>(j)] +=
                    a[static_cast<std::size_t>(j)] * a[static_cast<std::size_t>(j)];
        }
    }
    for (int p = 0; p < 6; ++p) {
        if (p == 1) {
            EXPECT_TRUE(std::isnan(v[0].perLayer.at(l)[1]));
            continue;
        }
        double ewn = 0;
        for (const Mat* m : {&t.experts[static_cast<std::size_t>(p)].gate,
                             &t.experts[static_cast<std::size_t>(p)].up,
                             &t.experts[static_cast<std::size_t>(p)].down})
            for (float w : m->v) ewn += static_cast<double>(w) * w;
        for (double s : colSq[static_cast<std::size_t>(p)])
            ean[static_cast<std::size_t>(p)] += std::sqrt(s);
        EXPECT_NEAR(v[0].perLayer.at(l)[static_cast<std::size_t>(p)], std::sqrt(ewn), 1e-9);
        EXPECT_NEAR(v[1].perLayer.at(l)[static_cast<std::size_t>(p)],
                    ean[static_cast<std::size_t>(p)],
                    1e-4 * std::max(1.0, ean[static_cast<std::size_t>(p)]));
        EXPECT_NEAR(v[2].perLayer.at(l)[static_cast<std::size_t>(p)],
                    euf[static_cast<std::size_t>(p)], 1e-12);
    }
    // Evaluation: the masked block on the held-out rows vs the full one, brute force.
    const MaskEvaluation e = evaluateMask(model, mask);
    const auto& held = model.impl().heldOutRows;
    Mat xh{static_cast<std::int64_t>(held.size()), d, {}};
    for (std::int64_t r : held)
        xh.v.insert(xh.v.end(), x.v.begin() + r * d, x.v.begin() + (r + 1) * d);
    const std::vector<double> full = bruteForward(t, xh, std::vector<bool>(6, true));
    const std::vector<double> cut = bruteForward(t, xh, mask.layers[l].kept);
    double num = 0, den = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
        num += (cut[i] - full[i]) * (cut[i] - full[i]);
        den += full[i] * full[i];
    }
    EXPECT_NEAR(e.relativeError.at(l), num / den, 1e-4 * num / den + 1e-12);
    // Every criterion computes, including the MSE gradient ones.
    const auto all = computeCriteria(model, mask, allCriteria());
    for (const CriterionValues& c : all) {
        EXPECT_TRUE(c.unavailable.empty()) << criterionName(c.criterion);
        EXPECT_EQ(c.perLayer.at(l).size(), 6u);
    }
    // A calibration width other than d is an InputError naming the tensor.
    io::writeSafetensors(
        dir / "bad.safetensors",
        {io::tensorFromDoubles(h + ".hidden", std::vector<double>(T * (d + 1), 0.0), {T, d + 1})},
        {});
    try {
        PruningModel::openCheckpoint(dir / "ckpt", dir / "bad.safetensors");
        FAIL();
    } catch (const InputError& err) {
        EXPECT_NE(std::string(err.what()).find(h + ".hidden"), std::string::npos) << err.what();
    }
    std::filesystem::remove_all(dir);
}

std::string caseName(const ::testing::TestParamInfo<Case>& i) {
    static const char* const names[] = {"mixtral_f32", "qwen_bf16_sharded", "olmoe_f16", "demo"};
    return names[static_cast<int>(i.param.family)];
}

INSTANTIATE_TEST_SUITE_P(Families, CheckpointSource,
                         ::testing::Values(Case{MoeFamily::Mixtral, io::DType::F32, 1},
                                           Case{MoeFamily::QwenMoe, io::DType::BF16, 2},
                                           Case{MoeFamily::Olmoe, io::DType::F16, 1}),
                         caseName);

TEST(DemoSource, EveryCriterionEvaluationAndLottery) {
    PruneDemoSpec spec;
    spec.layers = 2;
    spec.trainSteps = 40;
    spec.calibrationTokens = 512;
    PruningOpenOptions opt;
    opt.heldOutFraction = 0.25;
    const PruningModel model = PruningModel::demo(spec, opt);
    EXPECT_TRUE(model.hasTaskLoss());
    EXPECT_FALSE(model.domainNames().empty());
    const auto all = computeCriteria(model, fullMaskOf(model.impl()), allCriteria());
    for (const CriterionValues& c : all) {
        ASSERT_TRUE(c.unavailable.empty()) << criterionName(c.criterion) << ": " << c.unavailable;
        for (int l : model.layers())
            for (double x : c.perLayer.at(l))
                EXPECT_FALSE(std::isnan(x)) << criterionName(c.criterion);
    }
    const MaskEvaluation e = evaluateMask(model, fullMaskOf(model.impl()));
    EXPECT_TRUE(e.hasTask);
    EXPECT_EQ(e.domainAccuracy.size(), model.domainNames().size());
    for (int l : model.layers()) EXPECT_NEAR(e.relativeError.at(l), 0, 1e-12);
    ProcedureSpec ps;
    ps.sparsity = 0.25;
    ps.procedure = Procedure::Lottery;
    ps.lotteryTokens = 256;
    const ExpertMask lottery = assay::core::prune::prune(model, ps);
    for (int l : model.layers()) EXPECT_EQ(lottery.layers.at(l).dropOrder.size(), 2u);
    const MaskEvaluation after = evaluateMask(model, lottery);
    EXPECT_GT(after.meanRelativeError, 0);
}

}  // namespace
}  // namespace assay::test::prune_engine
