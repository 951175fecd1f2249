// The demo task (core/src/prune/prune_demo_task.cpp, compiled into this test as well): tokens are
// reproducible and balanced, and the reason the README gives for the instruction claim holds on
// the data itself.
#include "prune_demo_task.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace assay::core::prune::demo {
namespace {

TEST(PruneDemoTask, SameSeedSameTokensAndBalancedClasses) {
    const Task a(11, 32), b(11, 32), other(12, 32);
    const TokenSet s = a.sample(2, 3000);
    EXPECT_EQ(s.x, b.sample(2, 3000).x);
    EXPECT_EQ(s.label, b.sample(2, 3000).label);
    EXPECT_NE(s.x, a.sample(1, 3000).x);
    EXPECT_NE(s.x, other.sample(2, 3000).x);
    // Every class of every domain occurs (no rule collapses to one label).
    std::vector<int> count(kDomains * kClasses, 0);
    for (int t = 0; t < s.tokens; ++t) ++count[s.domain[t] * kClasses + s.label[t]];
    for (int n : count) EXPECT_GT(n, 3000 / (kDomains * kClasses) / 4);
}

// What the residual path alone hands the head: one linear readout of the raw input, shared by all
// domains like the network's head, fitted by full-batch gradient descent on the cross-entropy
// (double, plain loops). It reads the other domains' rules in part and cannot follow the
// instructions: a linear readout adds a per-instruction offset to the logits, it cannot rotate
// the classes. The experts must supply what the instruction domain needs.
TEST(PruneDemoTask, ALinearReadoutOfTheInputCannotFollowInstructions) {
    const int d = 32;
    const Task task(11, d);
    const TokenSet fit = task.sample(1, 4000), test = task.sample(2, 4000);
    std::vector<double> w(static_cast<std::size_t>(kClasses) * (d + 1), 0.0), grad(w.size());
    std::vector<double> p(kClasses);
    auto logits = [&](const TokenSet& s, int t, std::vector<double>& z) {
        for (int q = 0; q < kClasses; ++q) {
            double v = w[q * (d + 1) + d];
            for (int i = 0; i < d; ++i) v += w[q * (d + 1) + i] * s.x[t * d + i];
            z[q] = v;
        }
    };
    for (int iter = 0; iter < 300; ++iter) {
        std::fill(grad.begin(), grad.end(), 0.0);
        for (int t = 0; t < fit.tokens; ++t) {
            logits(fit, t, p);
            double mx = p[0], sum = 0;
            for (double v : p) mx = std::max(mx, v);
            for (double& v : p) sum += (v = std::exp(v - mx));
            for (int q = 0; q < kClasses; ++q) {
                const double e = p[q] / sum - (fit.label[t] == q ? 1 : 0);
                for (int i = 0; i < d; ++i) grad[q * (d + 1) + i] += e * fit.x[t * d + i];
                grad[q * (d + 1) + d] += e;
            }
        }
        for (std::size_t i = 0; i < w.size(); ++i) w[i] -= 0.5 * grad[i] / fit.tokens;
    }
    std::vector<double> right(kDomains, 0), count(kDomains, 0);
    for (int t = 0; t < test.tokens; ++t) {
        logits(test, t, p);
        int best = 0;
        for (int q = 1; q < kClasses; ++q)
            if (p[q] > p[best]) best = q;
        count[test.domain[t]] += 1;
        right[test.domain[t]] += best == test.label[t] ? 1 : 0;
    }
    const double instructions = right[kInstructionDomain] / count[kInstructionDomain];
    std::printf("[ task    ] linear readout of the input, held-out accuracy:");
    for (int j = 0; j < kDomains; ++j) std::printf(" %.3f", right[j] / count[j]);
    std::printf("\n");
    for (int j = 0; j < kDomains; ++j)
        if (j != kInstructionDomain) {
            EXPECT_GT(right[j] / count[j], instructions) << "domain " << j;
        }
}

}  // namespace
}  // namespace assay::core::prune::demo
