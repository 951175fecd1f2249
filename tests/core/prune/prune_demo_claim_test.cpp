// The demo's claim (papers.md §2; issue 9): when experts are dropped, the instruction-like domain
// loses more of its accuracy than the other domains. Criterion-free: uniformly random masks, the
// same number dropped in every layer. Why it holds here (prune_demo_task.h): the instruction
// domain's label needs the instruction and the content combined, which only the experts compute;
// the other domains' rules are partly carried by the residual path to the linear head.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "prune_demo_test_util.h"

namespace assay::core::prune {
namespace {
using namespace test_support;

struct Drops {
    std::vector<double> meanAccuracy;  // per domain, over the masks
    double meanDifference = 0;         // instruction's relative drop − mean of the others'
    double standardError = 0;          // of that difference, over the masks
};

Drops randomDropping(const PruneDemoBackend& demo, int keep, int masks) {
    const MoeConfig& c = demo.config();
    const auto full = demo.evaluate(fullMask(c), JobContext::none()).domainAccuracy;
    const std::size_t D = full.size(), instr = D - 1;
    Drops out;
    out.meanAccuracy.assign(D, 0);
    std::vector<double> diff;
    for (int r = 0; r < masks; ++r) {
        const auto acc =
            demo.evaluate(randomMask(c, keep, 1000 + r), JobContext::none()).domainAccuracy;
        double others = 0;
        for (std::size_t i = 0; i < D; ++i) {
            out.meanAccuracy[i] += acc[i] / masks;
            if (i != instr) others += (full[i] - acc[i]) / full[i] / (D - 1);
        }
        diff.push_back((full[instr] - acc[instr]) / full[instr] - others);
    }
    for (double x : diff) out.meanDifference += x / masks;
    double var = 0;
    for (double x : diff) var += (x - out.meanDifference) * (x - out.meanDifference) / (masks - 1);
    out.standardError = std::sqrt(var / masks);
    return out;
}

TEST(PruneDemoClaim, InstructionFollowingSuffersFirstWhenExpertsAreDropped) {
    const auto& demo = trainedPruneDemo();
    const MoeConfig& c = demo.config();
    const auto full = demo.evaluate(fullMask(c), JobContext::none()).domainAccuracy;
    const auto names = demo.domainNames();
    for (int keep : {6, 4}) {
        const Drops d = randomDropping(demo, keep, 40);
        std::printf("[ demo    ] keep %d of %d per layer, 40 random masks:\n", keep, c.numExperts);
        for (std::size_t i = 0; i < names.size(); ++i)
            std::printf("[ demo    ]   %-12s full %.3f  dropped %.3f  relative drop %.3f\n",
                        names[i].c_str(), full[i], d.meanAccuracy[i],
                        (full[i] - d.meanAccuracy[i]) / full[i]);
        std::printf("[ demo    ]   instruction − others: %.3f ± %.3f (standard error)\n",
                    d.meanDifference, d.standardError);
        // The claim at 50% sparsity (the paper's headline level): a positive difference,
        // three standard errors clear of zero.
        if (keep == c.numExperts / 2) {
            EXPECT_GT(d.meanDifference, 3 * d.standardError);
        }
    }
}

// Not run by ctest (four trainings): how the claim fares on other seeds, printed for the README
// (no expectation: seeds 12–14 clear three standard errors, seed 15 shows a smaller positive
// difference, 2.9 standard errors).
// ./assay_tests_prune_demo --gtest_also_run_disabled_tests --gtest_filter='*AcrossSeeds*'
TEST(PruneDemoClaim, DISABLED_AcrossSeeds) {
    for (std::uint64_t seed : {12, 13, 14, 15}) {
        PruneDemoSpec spec;
        spec.seed = seed;
        const auto demo = makePruneDemoBackend(spec, kHeldOut, JobContext::none());
        const auto full = demo->evaluate(fullMask(demo->config()), JobContext::none());
        const Drops d = randomDropping(*demo, 4, 40);
        std::printf("[ demo    ] seed %d: full", static_cast<int>(seed));
        for (double a : full.domainAccuracy) std::printf(" %.3f", a);
        std::printf("; 50%% dropped");
        for (double a : d.meanAccuracy) std::printf(" %.3f", a);
        std::printf("; instruction − others %.3f ± %.3f\n", d.meanDifference, d.standardError);
    }
}

// Not run by ctest: the claim after the lottery's recovery fine-tune (8192 tokens per mask), for
// the README. ./assay_tests_prune_demo --gtest_also_run_disabled_tests --gtest_filter='*Recovery*'
TEST(PruneDemoClaim, DISABLED_AfterRecovery) {
    const auto& demo = trainedPruneDemo();
    const MoeConfig& c = demo.config();
    const auto full = demo.evaluate(fullMask(c), JobContext::none()).domainAccuracy;
    const int masks = 12;
    std::vector<double> before(full.size(), 0), after(full.size(), 0);
    for (int r = 0; r < masks; ++r) {
        const ExpertMask m = randomMask(c, 4, 1000 + r);
        auto copy = demo.clone();
        const auto a = copy->evaluate(m, JobContext::none()).domainAccuracy;
        copy->finetune(m, 8192, 7 + r, JobContext::none());
        const auto b = copy->evaluate(m, JobContext::none()).domainAccuracy;
        for (std::size_t i = 0; i < full.size(); ++i) {
            before[i] += a[i] / masks;
            after[i] += b[i] / masks;
        }
    }
    for (std::size_t i = 0; i < full.size(); ++i)
        std::printf("[ demo    ] %-12s full %.3f  50%% dropped %.3f  after fine-tune %.3f\n",
                    demo.domainNames()[i].c_str(), full[i], before[i], after[i]);
}

}  // namespace
}  // namespace assay::core::prune
