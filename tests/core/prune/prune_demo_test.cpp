// The Pruning demo model (core/src/prune/prune_demo_model.cpp): it learns every domain, it is
// reproducible, its block inputs and weight views agree with a plain-double forward, masks act
// as −∞ logits everywhere, gradients agree with finite differences, the lottery fine-tune
// recovers without touching dropped experts, and clones are independent.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "assay/core/error.h"
#include "prune_demo_test_util.h"

namespace assay::core::prune {
namespace {
using namespace test_support;

constexpr double kChance = 0.25;  // four classes, balanced by construction

TEST(PruneDemo, ConfigAndTokensHaveTheDocumentedShape) {
    const PruneDemoSpec spec;
    const auto& demo = trainedPruneDemo();
    const MoeConfig& c = demo.config();
    EXPECT_EQ(c.family, MoeFamily::Demo);
    EXPECT_EQ(c.numLayers, spec.layers);
    ASSERT_EQ(c.moeLayers.size(), static_cast<std::size_t>(spec.layers));
    for (int l = 0; l < spec.layers; ++l) EXPECT_EQ(c.moeLayers[l], l);
    EXPECT_EQ(c.numExperts, spec.experts);
    EXPECT_EQ(c.topK, spec.topK);
    EXPECT_EQ(c.hidden, spec.hidden);
    EXPECT_EQ(c.expertHidden, spec.expertHidden);
    EXPECT_EQ(c.sharedExpertHidden, 0);
    const auto names = demo.domainNames();
    ASSERT_EQ(names.size(), 5u);
    EXPECT_EQ(names.back(), "instructions");
    for (bool heldOut : {false, true}) {
        const auto ids = demo.tokenIds(heldOut);
        const auto dom = demo.domains(heldOut);
        const std::size_t T = heldOut ? kHeldOut : spec.calibrationTokens;
        ASSERT_EQ(ids.size(), T);
        ASSERT_EQ(dom.size(), T);
        std::vector<int> perDomain(names.size(), 0);
        for (std::size_t t = 0; t < T; ++t) {
            ASSERT_GE(dom[t], 0);
            ASSERT_LT(dom[t], 5);
            EXPECT_EQ(ids[t] / 64, dom[t]);  // the id's domain part
            ++perDomain[dom[t]];
        }
        for (int n : perDomain) EXPECT_GT(n, static_cast<int>(T) / 10);  // uniform: ~T/5
        EXPECT_EQ(demo.blockInputs(fullMask(c), 0, heldOut).size(), T * spec.hidden);
    }
    const MoeLayerWeights w = demo.layer(2);
    EXPECT_EQ(w.layer, 2);
    ASSERT_EQ(w.experts.size(), static_cast<std::size_t>(spec.experts));
    EXPECT_EQ(w.router.shape, (std::vector<std::int64_t>{spec.experts, spec.hidden}));
    EXPECT_EQ(w.experts[3].gate.shape, (std::vector<std::int64_t>{spec.expertHidden, spec.hidden}));
    EXPECT_EQ(w.experts[3].down.shape, (std::vector<std::int64_t>{spec.hidden, spec.expertHidden}));
    EXPECT_FALSE(w.hasShared);
    EXPECT_THROW(demo.layer(spec.layers), ParameterError);
}

TEST(PruneDemo, TrainedModelBeatsChanceOnEveryDomain) {
    auto& demo = trainedPruneDemo();
    const DemoTaskResult r = demo.evaluate(fullMask(demo.config()), JobContext::none());
    const auto names = demo.domainNames();
    ASSERT_EQ(r.domainAccuracy.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::cout << "[ demo    ] " << names[i] << ": " << r.domainAccuracy[i] << "\n";
        // At least twice chance on every domain, the instruction domain included.
        EXPECT_GE(r.domainAccuracy[i], 2 * kChance) << names[i];
    }
    EXPECT_LT(r.loss, std::log(4.0) * 0.7);  // well below the uniform guess's cross-entropy
}

TEST(PruneDemo, SameSpecGivesIdenticalWeightsAndNumbers) {
    PruneDemoSpec spec;
    spec.trainSteps = 40;  // reproducibility does not need a trained model
    spec.calibrationTokens = 300;
    auto a = makePruneDemoBackend(spec, 500, JobContext::none());
    auto b = makePruneDemoBackend(spec, 500, JobContext::none());
    EXPECT_EQ(allWeights(*a), allWeights(*b));
    const ExpertMask m = randomMask(a->config(), 5, 3);
    const DemoTaskResult ra = a->evaluate(m, JobContext::none());
    const DemoTaskResult rb = b->evaluate(m, JobContext::none());
    EXPECT_EQ(ra.loss, rb.loss);
    EXPECT_EQ(ra.domainAccuracy, rb.domainAccuracy);
    EXPECT_EQ(a->blockInputs(m, 3, false), b->blockInputs(m, 3, false));
    EXPECT_EQ(a->tokenIds(true), b->tokenIds(true));
    const auto ga = a->gradients(m, 1, JobContext::none());
    const auto gb = b->gradients(m, 1, JobContext::none());
    for (std::size_t j = 0; j < ga.size(); ++j) EXPECT_EQ(ga[j].down, gb[j].down);
    a->finetune(m, 600, 9, JobContext::none());
    b->finetune(m, 600, 9, JobContext::none());
    EXPECT_EQ(allWeights(*a), allWeights(*b));
    // Another seed is another model.
    spec.seed += 1;
    auto c = makePruneDemoBackend(spec, 500, JobContext::none());
    EXPECT_NE(allWeights(*a), allWeights(*c));
}

TEST(PruneDemo, BlockInputsFollowTheMaskedNetwork) {
    const auto& demo = trainedPruneDemo();
    const MoeConfig& c = demo.config();
    const ExpertMask full = fullMask(c);
    ExpertMask dropped = full;
    drop(dropped, 0, 2);
    drop(dropped, 0, 5);
    // Layer 0's input is the token itself, whatever the mask.
    EXPECT_EQ(demo.blockInputs(full, 0, true), demo.blockInputs(dropped, 0, true));
    // Later inputs change when an earlier expert is dropped ...
    EXPECT_NE(demo.blockInputs(full, 1, true), demo.blockInputs(dropped, 1, true));
    EXPECT_NE(demo.blockInputs(full, 3, true), demo.blockInputs(dropped, 3, true));
    // ... and not when only a later one is.
    ExpertMask later = full;
    drop(later, 2, 1);
    EXPECT_EQ(demo.blockInputs(full, 2, false), demo.blockInputs(later, 2, false));
    // input(l+1) − input(l) is block l's output: check it against a plain-double forward from the
    // weight views (Mixtral combine over the top-k, SwiGLU), with and without dropped experts.
    for (const ExpertMask* m : {&full, static_cast<const ExpertMask*>(&dropped)}) {
        for (int l : {0, 1}) {
            const auto x = demo.blockInputs(*m, l, true);
            const auto next = demo.blockInputs(*m, l + 1, true);
            std::vector<bool> ambiguous;
            const auto ref = referenceBlock(demo.layer(l), c, *m, x, ambiguous, 1e-4);
            double worst = 0;
            int checked = 0;
            for (std::size_t t = 0; t < ambiguous.size(); ++t) {
                if (ambiguous[t]) continue;
                ++checked;
                for (int i = 0; i < c.hidden; ++i) {
                    const std::size_t at = t * c.hidden + i;
                    const double got = static_cast<double>(next[at]) - x[at];
                    worst = std::max(worst, std::abs(got - ref[at]) / (1 + std::abs(ref[at])));
                }
            }
            EXPECT_GT(checked, kHeldOut * 9 / 10);
            EXPECT_LT(worst, 1e-4) << "layer " << l;
        }
    }
}

TEST(PruneDemo, KeepingOnlyKExpertsStillEvaluates) {
    auto& demo = trainedPruneDemo();
    const MoeConfig& c = demo.config();
    const DemoTaskResult r = demo.evaluate(randomMask(c, c.topK, 17), JobContext::none());
    EXPECT_TRUE(std::isfinite(r.loss));
    for (double a : r.domainAccuracy) {
        EXPECT_GE(a, 0.0);
        EXPECT_LE(a, 1.0);
    }
    // Fewer than k is refused with the reason, not evaluated.
    EXPECT_THROW(demo.evaluate(randomMask(c, c.topK - 1, 17), JobContext::none()), ParameterError);
    EXPECT_THROW(demo.blockInputs(randomMask(c, c.topK - 1, 17), 2, true), ParameterError);
}

// Central differences of estimationLoss (the loss gradients() differentiates) on the entries with
// the largest gradients of experts 0 and 2 of layer l. Top-k routing makes the loss jump where a
// token's k-th and (k+1)-th logits swap, so a difference is only valid where the perturbation
// reroutes no token: in the last layer (nothing is routed after it), or in a network that
// routes every token to every expert (k = n).
void expectFiniteDifferences(PruneDemoBackendChecks& demo, const ExpertMask& m, int l) {
    const auto g = demo.gradients(m, l, JobContext::none());
    for (int j : {0, 2}) {
        for (int matrix = 0; matrix < 3; ++matrix) {
            const auto& v = matrix == 0 ? g[j].gate : matrix == 1 ? g[j].up : g[j].down;
            std::size_t best = 0;
            for (std::size_t i = 0; i < v.size(); ++i)
                if (std::abs(v[i]) > std::abs(v[best])) best = i;
            const float h = 1e-2f;
            demo.perturbExpertWeight(l, j, matrix, static_cast<std::int64_t>(best), h);
            const double up = demo.estimationLoss(m);
            demo.perturbExpertWeight(l, j, matrix, static_cast<std::int64_t>(best), -2 * h);
            const double down = demo.estimationLoss(m);
            demo.perturbExpertWeight(l, j, matrix, static_cast<std::int64_t>(best), h);
            const double fd = (up - down) / (2 * h);
            EXPECT_NEAR(fd, v[best], 0.03 * std::abs(v[best]) + 1e-4)
                << "layer " << l << " expert " << j << " matrix " << matrix;
        }
    }
}

TEST(PruneDemo, GradientsVanishExactlyForDroppedExperts) {
    const auto& demo = trainedPruneDemo();
    const MoeConfig& c = demo.config();
    ExpertMask m = fullMask(c);
    drop(m, 0, 6);
    drop(m, 3, 1);
    drop(m, 3, 4);
    for (int l : {0, 3}) {
        const auto g = demo.gradients(m, l, JobContext::none());
        ASSERT_EQ(g.size(), static_cast<std::size_t>(c.numExperts));
        for (int j = 0; j < c.numExperts; ++j) {
            double norm = 0;
            for (const auto* v : {&g[j].gate, &g[j].up, &g[j].down}) {
                EXPECT_EQ(v->size(), static_cast<std::size_t>(c.hidden * c.expertHidden));
                for (float x : *v) norm += static_cast<double>(x) * x;
            }
            if (keepsExpert(m, l, j))
                EXPECT_GT(norm, 0) << "layer " << l << " expert " << j;
            else
                EXPECT_EQ(norm, 0) << "layer " << l << " expert " << j;
        }
    }
}

TEST(PruneDemo, LastLayerGradientsMatchFiniteDifferences) {
    auto copy = trainedPruneDemo().clone();
    ExpertMask m = fullMask(copy->config());
    drop(m, 3, 1);
    drop(m, 3, 4);
    drop(m, 1, 5);
    expectFiniteDifferences(checks(*copy), m, 3);
}

TEST(PruneDemo, EveryLayersGradientsMatchFiniteDifferencesWithoutRoutingChoices) {
    PruneDemoSpec spec;
    spec.experts = 4;
    spec.topK = 4;  // every token to every expert: the loss is smooth in every weight
    spec.trainSteps = 60;
    spec.calibrationTokens = 512;
    auto demo = makePruneDemoBackend(spec, 16, JobContext::none());
    const ExpertMask m = fullMask(demo->config());
    for (int l = 0; l < spec.layers; ++l) expectFiniteDifferences(checks(*demo), m, l);
}

TEST(PruneDemo, FinetuneRecoversTheMaskedModelAndLeavesDroppedExpertsAlone) {
    auto copy = trainedPruneDemo().clone();
    const MoeConfig& c = copy->config();
    const ExpertMask m = randomMask(c, 4, 23);  // 50% sparsity in every layer
    std::vector<std::vector<float>> droppedBefore, keptBefore;
    for (int l : c.moeLayers)
        for (int j = 0; j < c.numExperts; ++j)
            (keepsExpert(m, l, j) ? keptBefore : droppedBefore)
                .push_back(expertWeights(*copy, l, j));
    const double before = copy->evaluate(m, JobContext::none()).loss;
    copy->finetune(m, 8192, 5, JobContext::none());
    const double after = copy->evaluate(m, JobContext::none()).loss;
    std::cout << "[ demo    ] masked loss " << before << " -> " << after << " after fine-tune\n";
    EXPECT_LT(after, before);
    std::size_t di = 0, ki = 0;
    int keptChanged = 0;
    for (int l : c.moeLayers)
        for (int j = 0; j < c.numExperts; ++j) {
            if (!keepsExpert(m, l, j))
                EXPECT_EQ(expertWeights(*copy, l, j), droppedBefore[di++]) << l << "/" << j;
            else
                keptChanged += expertWeights(*copy, l, j) != keptBefore[ki++];
        }
    EXPECT_EQ(keptChanged, static_cast<int>(keptBefore.size()));
    // Zero tokens: nothing changes.
    const auto w = allWeights(*copy);
    copy->finetune(m, 0, 5, JobContext::none());
    EXPECT_EQ(allWeights(*copy), w);
}

TEST(PruneDemo, ClonesAreIndependent) {
    const auto& demo = trainedPruneDemo();
    const ExpertMask full = fullMask(demo.config());
    const auto original = allWeights(demo);
    const double loss = demo.evaluate(full, JobContext::none()).loss;
    auto copy = demo.clone();
    EXPECT_EQ(allWeights(*copy), original);
    EXPECT_EQ(copy->evaluate(full, JobContext::none()).loss, loss);
    copy->finetune(randomMask(demo.config(), 6, 4), 1024, 1, JobContext::none());
    EXPECT_NE(allWeights(*copy), original);
    EXPECT_EQ(allWeights(demo), original);
    EXPECT_EQ(demo.evaluate(full, JobContext::none()).loss, loss);
}

TEST(PruneDemo, CancelStopsTraining) {
    JobContext job;
    job.cancel();
    EXPECT_THROW(makePruneDemoBackend(PruneDemoSpec{}, 10, job), JobCancelled);
    PruneDemoSpec bad;
    bad.topK = 9;
    EXPECT_THROW(makePruneDemoBackend(bad, 10, JobContext::none()), ParameterError);
}

}  // namespace
}  // namespace assay::core::prune
