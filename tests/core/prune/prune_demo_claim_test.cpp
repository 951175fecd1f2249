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
        if (keep == c.numExperts / 2) EXPECT_GT(d.meanDifference, 3 * d.standardError);
    }
}

}  // namespace
}  // namespace assay::core::prune
