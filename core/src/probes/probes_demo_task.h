#pragma once
// Internal to core: the Probes demo's synthetic task (probes_demo.h), plain C++.
// An item is a point z in the unit disc (items come in groups of kGroupSize around a group centre,
// like the objects of one image); its class is the angular sector (kClasses sectors) of the
// spiral angle θ + kTwist·|z|, so the classes are spiral arms that wind towards the centre. Labels
// are noisy in part of the input space: in the trailing half of the even arms (classes 0 and 2) a
// label is redrawn uniformly with probability kHardNoise (elsewhere kEasyNoise). Items there are
// "hard": no network can know their label, and whether its prediction is wrong is what the probes
// detect. Telling the hard half-arms apart takes the same spiral features as the class itself,
// which the network builds block by block — so a linear probe reads "wrong" better with depth. The
// network's input is x = Q · [2z, 0.5·n] with n ~ N(0, I) nuisance coordinates and Q a random
// rotation of R^kInputs (from the seed), so the task's plane is hidden among the inputs.
#include <cstdint>
#include <vector>

namespace assay::core::probes::demo {

inline constexpr int kInputs = 16;
inline constexpr int kClasses = 4;
inline constexpr int kGroupSize = 5;
inline constexpr double kTwist = 2.5;
inline constexpr double kHardNoise = 1.0;
inline constexpr double kEasyNoise = 0.0;
inline constexpr double kGroupJitter = 0.08;

struct DemoItems {
    std::vector<float> x;             // items × kInputs
    std::vector<std::int64_t> label;  // the (noisy) label the network is judged against
    std::vector<std::int64_t> group;  // consecutive runs of kGroupSize (the last may be shorter)
    std::vector<std::uint8_t> hard;   // 1 in a noisy half-arm
    std::vector<double> z;            // items × 2, the point in the disc (for the tests)
    std::int64_t size() const { return static_cast<std::int64_t>(label.size()); }
};

// `items` items from stream `stream` of the seed; the rotation Q depends on the seed only, so
// training and held-out items share it.
DemoItems makeDemoItems(std::uint64_t seed, std::uint64_t stream, int items);

// 0 = train, 1 = test: round(testFraction · groups) whole groups in test, chosen from the seed.
std::vector<std::uint8_t> groupSplit(const std::vector<std::int64_t>& group, double testFraction,
                                     std::uint64_t seed);

// A seeded permutation of 0..n−1 (Fisher–Yates with SplitMix64).
std::vector<std::int64_t> seededPermutation(std::int64_t n, std::uint64_t seed);

}  // namespace assay::core::probes::demo
