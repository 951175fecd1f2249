// The Probes demo's synthetic task (probes_demo_task.h).
#include "probes_demo_task.h"

#include <algorithm>
#include <cmath>

#include "assay/core/random.h"

namespace assay::core::probes::demo {
namespace {

// A random rotation of R^k (Gram–Schmidt of a Gaussian matrix, in double), row-major.
std::vector<double> randomRotation(std::uint64_t seed, int k) {
    SplitMix64 rng(streamSeed(seed, 0x0707));
    std::vector<double> q(static_cast<std::size_t>(k) * k);
    for (double& v : q) v = rng.normal();
    for (int i = 0; i < k; ++i) {
        double* row = &q[static_cast<std::size_t>(i) * k];
        for (int j = 0; j < i; ++j) {
            const double* prev = &q[static_cast<std::size_t>(j) * k];
            double dot = 0;
            for (int c = 0; c < k; ++c) dot += row[c] * prev[c];
            for (int c = 0; c < k; ++c) row[c] -= dot * prev[c];
        }
        double norm = 0;
        for (int c = 0; c < k; ++c) norm += row[c] * row[c];
        norm = std::sqrt(norm);
        for (int c = 0; c < k; ++c) row[c] /= norm;
    }
    return q;
}

}  // namespace

DemoItems makeDemoItems(std::uint64_t seed, std::uint64_t stream, int items) {
    const std::vector<double> q = randomRotation(seed, kInputs);
    SplitMix64 rng(streamSeed(seed, 0x17E0 + stream));
    DemoItems out;
    out.x.reserve(static_cast<std::size_t>(items) * kInputs);
    double cx = 0, cy = 0;
    std::vector<double> raw(kInputs);
    for (int i = 0; i < items; ++i) {
        if (i % kGroupSize == 0) {  // a new group centre, uniform in the unit disc
            const double r = std::sqrt(rng.uniform()), a = 2 * M_PI * rng.uniform();
            cx = r * std::cos(a);
            cy = r * std::sin(a);
        }
        const double zx = cx + kGroupJitter * rng.normal(), zy = cy + kGroupJitter * rng.normal();
        const double r = std::hypot(zx, zy);
        // The spiral angle in units of one arm: its integer part is the class, its fraction the
        // position across the arm.
        const double turn =
            std::fmod(std::atan2(zy, zx) + kTwist * r + 4 * M_PI, 2 * M_PI) / (2 * M_PI) * kClasses;
        auto label = std::min<std::int64_t>(kClasses - 1, static_cast<std::int64_t>(turn));
        const bool hard = label % 2 == 0 && turn - std::floor(turn) > 0.5;
        if (rng.uniform() < (hard ? kHardNoise : kEasyNoise))
            label = static_cast<std::int64_t>(rng.below(kClasses));
        raw[0] = 2 * zx;
        raw[1] = 2 * zy;
        for (int c = 2; c < kInputs; ++c) raw[c] = 0.5 * rng.normal();
        for (int row = 0; row < kInputs; ++row) {
            double v = 0;
            for (int c = 0; c < kInputs; ++c)
                v += q[static_cast<std::size_t>(row) * kInputs + c] * raw[c];
            out.x.push_back(static_cast<float>(v));
        }
        out.label.push_back(label);
        out.group.push_back(i / kGroupSize);
        out.hard.push_back(hard ? 1 : 0);
        out.z.push_back(zx);
        out.z.push_back(zy);
    }
    return out;
}

std::vector<std::int64_t> seededPermutation(std::int64_t n, std::uint64_t seed) {
    std::vector<std::int64_t> p(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) p[i] = i;
    SplitMix64 rng(seed);
    for (std::int64_t i = n - 1; i > 0; --i)
        std::swap(p[i], p[static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(i + 1)))]);
    return p;
}

std::vector<std::uint8_t> groupSplit(const std::vector<std::int64_t>& group, double testFraction,
                                     std::uint64_t seed) {
    std::int64_t groups = 0;
    for (std::int64_t g : group) groups = std::max(groups, g + 1);
    const std::vector<std::int64_t> order = seededPermutation(groups, streamSeed(seed, 0x5917));
    const auto tests = static_cast<std::int64_t>(std::llround(testFraction * groups));
    std::vector<std::uint8_t> isTest(static_cast<std::size_t>(groups), 0);
    for (std::int64_t i = 0; i < tests; ++i) isTest[order[i]] = 1;
    std::vector<std::uint8_t> split(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) split[i] = isTest[group[i]];
    return split;
}

}  // namespace assay::core::probes::demo
