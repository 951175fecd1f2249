// Procedures, evaluation, curves, criticality, agreement, trace sources, errors and cancellation.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../../../core/src/prune/pruning_model_testing.h"
#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "engine_test_support.h"

namespace assay::test::prune_engine {
namespace {

constexpr int kN = 8, kK = 2, kD = 12, kF = 10, kT = 120;

ExpertMask runPrune(const PruningModel& m, const ProcedureSpec& s,
                    JobContext& j = JobContext::none()) {
    return assay::core::prune::prune(m, s, j);
}

struct Model {
    TestLayer l0, l3;
    Mat x0, x3;
    std::unique_ptr<PruningModel> model;
};

std::unique_ptr<Model> makeModel(std::uint64_t seed) {
    auto m = std::make_unique<Model>();
    m->l0 = randomLayer(MoeFamily::Olmoe, kN, kK, kD, kF, seed);
    m->l3 = randomLayer(MoeFamily::Olmoe, kN, kK, kD, kF, seed + 9);
    m->x0 = randomTokens(kT, kD, seed + 1);
    m->x3 = randomTokens(kT, kD, seed + 2);
    TestingModelSpec spec;
    spec.config = m->l0.config;
    spec.config.numLayers = 4;
    spec.config.moeLayers = {0, 3};
    spec.layers[0] = m->l0.weights(0);
    spec.layers[3] = m->l3.weights(3);
    spec.hidden[0] = hiddenOf(m->x0, "layers.0.hidden");
    spec.hidden[3] = hiddenOf(m->x3, "layers.3.hidden");
    spec.options.seed = 2;
    m->model = std::make_unique<PruningModel>(makeTestingModel(spec));
    return m;
}

class CancelAt : public JobContext {
public:
    explicit CancelAt(int calls) : m_left(calls) {}

protected:
    void onProgress(std::int64_t, std::int64_t) override {
        if (--m_left == 0) cancel();
    }

private:
    int m_left;
};

TEST(Procedures, IterativeWithOneRoundEqualsOneShot) {
    const auto m = makeModel(3);
    for (Criterion c : {Criterion::EAN, Criterion::EWS, Criterion::ECC}) {
        ProcedureSpec spec;
        spec.criterion = c;
        spec.sparsity = 1.0 / kN;
        spec.procedure = Procedure::OneShot;
        const ExpertMask a = runPrune(*m->model, spec);
        spec.procedure = Procedure::Iterative;
        const ExpertMask b = runPrune(*m->model, spec);
        for (int l : {0, 3}) {
            EXPECT_EQ(a.layers.at(l).kept, b.layers.at(l).kept) << criterionName(c);
            EXPECT_EQ(a.layers.at(l).dropOrder, b.layers.at(l).dropOrder);
        }
        EXPECT_EQ(a.procedure, "one-shot");
        EXPECT_EQ(b.procedure, "iterative");
    }
}

TEST(Procedures, DropsRoundedSparsityPerLayerInTheCriterionOrder) {
    const auto m = makeModel(4);
    ProcedureSpec spec;
    spec.criterion = Criterion::RWN;
    spec.variant = Variant::Max;
    spec.sparsity = 0.5;
    const ExpertMask mask = runPrune(*m->model, spec);
    // One-shot Max-RWN drops the four largest router rows, largest first.
    for (int l : {0, 3}) {
        const TestLayer& t = l == 0 ? m->l0 : m->l3;
        std::vector<std::pair<double, int>> norms;
        for (int p = 0; p < kN; ++p) {
            double s = 0;
            for (int j = 0; j < kD; ++j) s += t.router.at(p, j) * t.router.at(p, j);
            norms.push_back({-std::sqrt(s), p});
        }
        std::sort(norms.begin(), norms.end());
        const std::vector<int> want{norms[0].second, norms[1].second, norms[2].second,
                                    norms[3].second};
        EXPECT_EQ(mask.layers.at(l).dropOrder, want);
        EXPECT_EQ(std::count(mask.layers.at(l).kept.begin(), mask.layers.at(l).kept.end(), true),
                  4);
    }
}

TEST(Procedures, Errors) {
    const auto m = makeModel(5);
    ProcedureSpec spec;
    spec.sparsity = 0.9;  // 7 of 8 dropped, k = 2
    EXPECT_THROW(runPrune(*m->model, spec), ParameterError);
    spec.sparsity = 0.5;
    spec.procedure = Procedure::Lottery;
    EXPECT_THROW(runPrune(*m->model, spec), ParameterError);
    spec.procedure = Procedure::OneShot;
    spec.criterion = Criterion::EGN;  // no targets
    try {
        runPrune(*m->model, spec);
        FAIL();
    } catch (const ParameterError& e) {
        EXPECT_NE(std::string(e.what()).find("target"), std::string::npos) << e.what();
    }
    spec.criterion = Criterion::EVTC;  // no token ids
    EXPECT_THROW(runPrune(*m->model, spec), ParameterError);
    EXPECT_THROW(procedureFromName("twice"), ParameterError);
    EXPECT_EQ(procedureFromName("lottery"), Procedure::Lottery);
}

TEST(Procedures, CancelStopsPruning) {
    const auto m = makeModel(6);
    ProcedureSpec spec;
    spec.procedure = Procedure::Iterative;
    CancelAt job(3);
    EXPECT_THROW(runPrune(*m->model, spec, job), JobCancelled);
    CancelAt job2(2);
    EXPECT_THROW(computeCriteria(*m->model, fullMaskOf(m->model->impl()), {Criterion::EAN}, job2),
                 JobCancelled);
    CancelAt job3(2);
    EXPECT_THROW(criticalityMap(*m->model, job3), JobCancelled);
}

TEST(Evaluation, RelativeErrorLoadAndCoactivationMatchBruteForce) {
    const auto m = makeModel(7);
    ExpertMask mask = fullMaskOf(m->model->impl());
    mask.layers[0].kept[1] = false;
    mask.layers[0].kept[4] = false;
    const MaskEvaluation e = evaluateMask(*m->model, mask);
    ASSERT_TRUE(e.hasError);
    ASSERT_TRUE(e.hasLoad);
    EXPECT_FALSE(e.hasTask);
    const auto& held = m->model->impl().heldOutRows;
    Mat xh{static_cast<std::int64_t>(held.size()), kD, {}};
    for (std::int64_t r : held)
        xh.v.insert(xh.v.end(), m->x0.v.begin() + r * kD, m->x0.v.begin() + (r + 1) * kD);
    const std::vector<double> full = bruteForward(m->l0, xh, std::vector<bool>(kN, true));
    const std::vector<double> cut = bruteForward(m->l0, xh, mask.layers[0].kept);
    double num = 0, den = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
        num += (cut[i] - full[i]) * (cut[i] - full[i]);
        den += full[i] * full[i];
    }
    EXPECT_NEAR(e.relativeError.at(0), num / den, 1e-4 * num / den);
    EXPECT_NEAR(e.relativeError.at(3), 0, 1e-12);
    EXPECT_NEAR(e.meanRelativeError, (e.relativeError.at(0) + e.relativeError.at(3)) / 2, 1e-15);
    std::vector<std::int64_t> load(kN, 0);
    for (std::int64_t i = 0; i < xh.r; ++i)
        for (int p : bruteRoute(m->l0, xh.v.data() + i * kD, mask.layers[0].kept).idx)
            ++load[static_cast<std::size_t>(p)];
    EXPECT_EQ(e.load.at(0), load);
    std::int64_t total = 0;
    for (auto v : e.load.at(0)) total += v;
    EXPECT_EQ(total, kK * static_cast<std::int64_t>(held.size()));  // conservation
    EXPECT_EQ(e.load.at(0)[1], 0);
    for (int p = 0; p < kN; ++p)
        EXPECT_EQ(e.coactivation.at(0).usage(p), load[static_cast<std::size_t>(p)]);
    double mean = 0, sq = 0;
    for (int p : {0, 2, 3, 5, 6, 7})
        mean += static_cast<double>(load[static_cast<std::size_t>(p)]) / 6;
    for (int p : {0, 2, 3, 5, 6, 7})
        sq += std::pow(load[static_cast<std::size_t>(p)] - mean, 2) / 6;
    EXPECT_NEAR(e.loadCv.at(0), std::sqrt(sq) / mean, 1e-12);
}

TEST(Evaluation, CriticalityCurveAndAgreement) {
    const auto m = makeModel(8);
    const auto crit = criticalityMap(*m->model);
    ASSERT_EQ(crit.size(), 2u);
    for (int p = 0; p < kN; p += 3) {
        ExpertMask mask = fullMaskOf(m->model->impl());
        mask.layers[3].kept[static_cast<std::size_t>(p)] = false;
        EXPECT_NEAR(crit.at(3)[static_cast<std::size_t>(p)],
                    evaluateMask(*m->model, mask).relativeError.at(3), 1e-12);
    }
    const PruningCurve curve =
        pruningCurve(*m->model, Criterion::EAN, Variant::Min, Procedure::Iterative);
    ASSERT_EQ(curve.points.size(), static_cast<std::size_t>(kN - kK + 1));
    EXPECT_EQ(curve.points.front().error, 0);
    EXPECT_GT(curve.points.back().error, curve.points[1].error);
    EXPECT_TRUE(std::isnan(curve.points.back().loss));
    ProcedureSpec spec;
    spec.sparsity = 3.0 / kN;
    spec.procedure = Procedure::Iterative;
    const ExpertMask a = runPrune(*m->model, spec);
    // The curve's point 3 is the same iterative mask.
    ExpertMask three = fullMaskOf(m->model->impl());
    for (int l : {0, 3})
        for (int e : a.layers.at(l).dropOrder)
            three.layers[l].kept[static_cast<std::size_t>(e)] = false;
    EXPECT_NEAR(curve.points[3].error, evaluateMask(*m->model, three).meanRelativeError, 1e-12);
    spec.criterion = Criterion::RWN;
    const ExpertMask b = runPrune(*m->model, spec);
    const auto grid = agreementGrid(a, b);
    for (int l : {0, 3})
        for (int p = 0; p < kN; ++p) {
            const bool ka = a.layers.at(l).kept[static_cast<std::size_t>(p)],
                       kb = b.layers.at(l).kept[static_cast<std::size_t>(p)];
            const Agreement want = ka && kb
                                       ? Agreement::BothKeep
                                       : (!ka && !kb ? Agreement::BothDrop : Agreement::Disagree);
            EXPECT_EQ(grid.at(l)[static_cast<std::size_t>(p)], want);
        }
}

TEST(TraceSource, FrequencyCriteriaOnlyAndRerouting) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("assay_prune_trace_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "trace.safetensors";
    SplitMix64 rng(4);
    const int T = 60;
    std::vector<double> logits(static_cast<std::size_t>(T * kN));
    for (double& z : logits) z = rng.normal();
    std::vector<std::int64_t> idx, ids;
    for (int t = 0; t < T; ++t) {
        std::vector<int> o(kN);
        std::iota(o.begin(), o.end(), 0);
        std::stable_sort(o.begin(), o.end(), [&](int a, int b) {
            return logits[static_cast<std::size_t>(t * kN + a)] >
                   logits[static_cast<std::size_t>(t * kN + b)];
        });
        idx.push_back(o[0]);
        idx.push_back(o[1]);
        ids.push_back(static_cast<std::int64_t>(rng.below(20)));
    }
    io::writeSafetensors(path,
                         {io::tensorFromInt64("layers.0.topk_idx", idx, {T, kK}),
                          io::tensorFromDoubles("layers.0.router_logits", logits, {T, kN}),
                          io::tensorFromInt64("token_ids", ids, {T})},
                         {{"num_experts", "8"}, {"top_k", "2"}});
    const PruningModel model = PruningModel::openTrace(path);
    EXPECT_EQ(model.source(), PruningSource::Trace);
    EXPECT_FALSE(model.hasWeights());
    EXPECT_NE(model.unavailableReason(Criterion::EAN).find("routing trace"), std::string::npos);
    EXPECT_EQ(model.unavailableReason(Criterion::ETS), "");
    const auto v =
        computeCriteria(model, fullMaskOf(model.impl()), {Criterion::EUF, Criterion::EAN});
    EXPECT_FALSE(v[1].unavailable.empty());
    std::vector<double> usage(kN, 0);
    for (std::int64_t r : model.impl().estimationRows)
        for (int j = 0; j < kK; ++j)
            usage[static_cast<std::size_t>(idx[static_cast<std::size_t>(r * kK + j)])] +=
                1.0 / static_cast<double>(model.estimationTokens());
    for (int p = 0; p < kN; ++p)
        EXPECT_NEAR(v[0].perLayer.at(0)[static_cast<std::size_t>(p)],
                    usage[static_cast<std::size_t>(p)], 1e-12);
    ExpertMask mask = fullMaskOf(model.impl());
    mask.layers[0].kept[0] = false;
    const MaskEvaluation e = evaluateMask(model, mask);
    ASSERT_TRUE(e.hasLoad);
    EXPECT_FALSE(e.hasError);
    EXPECT_EQ(e.load.at(0)[0], 0);
    std::int64_t total = 0;
    for (auto x : e.load.at(0)) total += x;
    EXPECT_EQ(total, kK * model.heldOutTokens());
    ProcedureSpec spec;
    spec.criterion = Criterion::EAN;
    EXPECT_THROW(runPrune(model, spec), ParameterError);
    spec.criterion = Criterion::EUF;
    spec.procedure = Procedure::Iterative;
    EXPECT_EQ(runPrune(model, spec).layers.at(0).dropOrder.size(), 4u);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace assay::test::prune_engine
