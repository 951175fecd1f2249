// The Probes demo's task (core/src/probes/probes_demo_task.h) against its description, with the
// spiral class recomputed here from each item's point: exact labels outside the noisy half-arms,
// uniform ones inside, groups of five close together, the rotation hiding the plane, and the
// seeded split and permutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "probes_demo_task.h"

namespace assay::core::probes::demo {
namespace {

// The arm (class) and the position across it, from the point (an independent spelling).
std::pair<int, double> arm(double x, double y) {
    double a = std::atan2(y, x) + kTwist * std::sqrt(x * x + y * y);
    while (a < 0) a += 2 * M_PI;
    while (a >= 2 * M_PI) a -= 2 * M_PI;
    const double u = a / (2 * M_PI) * kClasses;
    return {static_cast<int>(u), u - std::floor(u)};
}

TEST(ProbesDemoTask, LabelsFollowTheSpiralExceptInTheNoisyHalfArms) {
    const DemoItems items = makeDemoItems(7, 1, 20000);
    ASSERT_EQ(items.size(), 20000);
    ASSERT_EQ(items.x.size(), 20000u * kInputs);
    std::vector<double> hardCounts(kClasses, 0.0);
    double hard = 0, hardMismatch = 0;
    for (std::int64_t i = 0; i < items.size(); ++i) {
        const auto [c, across] = arm(items.z[2 * i], items.z[2 * i + 1]);
        const bool noisy = c % 2 == 0 && across > 0.5;
        ASSERT_EQ(items.hard[i] == 1, noisy) << i;
        if (!noisy) {
            ASSERT_EQ(items.label[i], c) << i;
            continue;
        }
        hard += 1;
        hardMismatch += items.label[i] != c;
        hardCounts[static_cast<std::size_t>(items.label[i])] += 1;
    }
    // Half of two of the four arms: a quarter of the disc; labels there uniform over the classes.
    EXPECT_NEAR(hard / double(items.size()), 0.25, 0.02);
    EXPECT_NEAR(hardMismatch / hard, 1.0 - 1.0 / kClasses, 0.03);
    for (double n : hardCounts) EXPECT_NEAR(n / hard, 1.0 / kClasses, 0.03);
}

TEST(ProbesDemoTask, GroupsAreFiveNearbyItemsAndTheInputsKeepTheirLength) {
    const DemoItems items = makeDemoItems(7, 1, 1003);
    for (std::int64_t i = 0; i < items.size(); ++i) {
        ASSERT_EQ(items.group[i], i / kGroupSize);
        if (i % kGroupSize != 0) {  // within 8 jitter σ of the group's first item
            const double dx = items.z[2 * i] - items.z[2 * (i - i % kGroupSize)];
            const double dy = items.z[2 * i + 1] - items.z[2 * (i - i % kGroupSize) + 1];
            EXPECT_LT(std::hypot(dx, dy), 8 * kGroupJitter);
        }
    }
    EXPECT_EQ(items.group.back(), 200);  // the last group holds 3 items
    // x = Q·[2z, 0.5·n] with Q orthogonal: the plane's coordinates are hidden but |x|² ≥ 4|z|²,
    // and on average |x|² = 4|z|² + 0.25·(kInputs − 2).
    double excess = 0;
    for (std::int64_t i = 0; i < items.size(); ++i) {
        double xx = 0;
        for (int c = 0; c < kInputs; ++c)
            xx += double(items.x[i * kInputs + c]) * items.x[i * kInputs + c];
        const double zz = items.z[2 * i] * items.z[2 * i] + items.z[2 * i + 1] * items.z[2 * i + 1];
        EXPECT_GE(xx, 4 * zz * (1 - 1e-5));
        excess += (xx - 4 * zz) / double(items.size());
    }
    EXPECT_NEAR(excess, 0.25 * (kInputs - 2), 0.15);
}

TEST(ProbesDemoTask, SeedsAndStreamsReproduceAndDiffer) {
    const DemoItems a = makeDemoItems(7, 1, 50), b = makeDemoItems(7, 1, 50);
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.label, b.label);
    EXPECT_NE(a.x, makeDemoItems(7, 0, 50).x);
    EXPECT_NE(a.x, makeDemoItems(8, 1, 50).x);
    const std::vector<std::int64_t> p = seededPermutation(100, 3);
    std::set<std::int64_t> seen(p.begin(), p.end());
    EXPECT_EQ(seen.size(), 100u);
    EXPECT_EQ(*seen.begin(), 0);
    EXPECT_EQ(*seen.rbegin(), 99);
    EXPECT_EQ(p, seededPermutation(100, 3));
    EXPECT_NE(p, seededPermutation(100, 4));
    // The split: round(¼ · 41) = 10 whole groups in test.
    std::vector<std::int64_t> group;
    for (int i = 0; i < 205; ++i) group.push_back(i / 5);
    const std::vector<std::uint8_t> split = groupSplit(group, 0.25, 9);
    std::set<std::int64_t> tested;
    for (std::size_t i = 0; i < split.size(); ++i)
        if (split[i]) tested.insert(group[i]);
    EXPECT_EQ(tested.size(), 10u);
    for (std::size_t i = 0; i < split.size(); ++i) EXPECT_EQ(split[i], tested.count(group[i]));
    EXPECT_EQ(split, groupSplit(group, 0.25, 9));
}

}  // namespace
}  // namespace assay::core::probes::demo
