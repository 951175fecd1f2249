// makeSplit and makeFolds: partitions (every row once, sorted, disjoint), the file's split kept,
// seeded splits reproducible and stratified (per-class test counts = round(f·n_c)), groups never
// cut, folds balanced per class; parameter and class errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes {
namespace {

using core::test::messageOf;

std::vector<std::uint8_t> randomLabels(std::size_t n, double p, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<std::uint8_t> out(n);
    for (auto& v : out) v = rng.uniform() < p ? 1 : 0;
    return out;
}

// train ∪ test = universe, disjoint, both ascending.
void expectPartition(const ProbeSplit& s, const std::vector<std::int64_t>& universe) {
    EXPECT_TRUE(std::is_sorted(s.train.begin(), s.train.end()));
    EXPECT_TRUE(std::is_sorted(s.test.begin(), s.test.end()));
    std::vector<std::int64_t> both = s.train;
    both.insert(both.end(), s.test.begin(), s.test.end());
    std::sort(both.begin(), both.end());
    EXPECT_EQ(both, universe);
}

std::vector<std::int64_t> iota(std::int64_t n) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i;
    return v;
}

TEST(MakeSplit, SeededSplitIsStratifiedAndReproducible) {
    const auto labels = randomLabels(203, 0.3, 1);
    const ProbeSplit a = makeSplit(labels, std::nullopt, std::nullopt, 0.25, 42);
    expectPartition(a, iota(203));
    EXPECT_EQ(a.source, "seeded");
    EXPECT_EQ(a.seed, 42u);
    EXPECT_EQ(a.testFraction, 0.25);
    for (int cls = 0; cls < 2; ++cls) {
        const auto total = std::count(labels.begin(), labels.end(), cls);
        const auto inTest = std::count_if(a.test.begin(), a.test.end(),
                                          [&](std::int64_t r) { return labels[r] == cls; });
        EXPECT_EQ(inTest, std::llround(0.25 * static_cast<double>(total)));
    }
    const ProbeSplit b = makeSplit(labels, std::nullopt, std::nullopt, 0.25, 42);
    EXPECT_EQ(a.test, b.test);
    const ProbeSplit c = makeSplit(labels, std::nullopt, std::nullopt, 0.25, 43);
    EXPECT_NE(a.test, c.test);
}

TEST(MakeSplit, FileSplitIsKept) {
    const std::vector<std::uint8_t> labels = {1, 0, 1, 0, 1, 0};
    const std::vector<std::uint8_t> split = {0, 0, 1, 1, 0, 0};
    const ProbeSplit s =
        makeSplit(labels, split, std::vector<std::int64_t>{0, 0, 1, 1, 2, 2}, 0.5, 7);
    EXPECT_EQ(s.source, "file");
    EXPECT_EQ(s.train, (std::vector<std::int64_t>{0, 1, 4, 5}));
    EXPECT_EQ(s.test, (std::vector<std::int64_t>{2, 3}));
    EXPECT_NEAR(s.testFraction, 2.0 / 6.0, 1e-15);
    const std::string m = messageOf<InputError>([&] {
        makeSplit(labels, std::vector<std::uint8_t>{0, 0, 1, 0, 0, 0}, std::nullopt, 0.5, 7);
    });
    EXPECT_NE(m.find("the test part has 1 hallucinated and 0 real rows"), std::string::npos) << m;
}

TEST(MakeSplit, GroupedSplitNeverCutsAGroup) {
    const std::size_t n = 300;
    SplitMix64 rng(5);
    std::vector<std::int64_t> groups(n);
    std::vector<std::uint8_t> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        groups[i] = static_cast<std::int64_t>(rng.below(60)) * 3 + 100;  // ids need not be dense
        labels[i] = rng.uniform() < 0.4;
    }
    const ProbeSplit s = makeSplit(labels, std::nullopt, groups, 0.3, 11);
    EXPECT_EQ(s.source, "grouped");
    expectPartition(s, iota(n));
    std::set<std::int64_t> trainGroups, testGroups;
    for (const auto r : s.train) trainGroups.insert(groups[r]);
    for (const auto r : s.test) testGroups.insert(groups[r]);
    for (const auto g : testGroups) EXPECT_EQ(trainGroups.count(g), 0u) << "group " << g;
    const double share = static_cast<double>(testGroups.size()) /
                         static_cast<double>(testGroups.size() + trainGroups.size());
    EXPECT_NEAR(share, 0.3, 0.05);
    EXPECT_EQ(makeSplit(labels, std::nullopt, groups, 0.3, 11).test, s.test);
}

TEST(MakeSplit, ParameterAndClassErrors) {
    const std::vector<std::uint8_t> labels = {1, 0, 1, 0};
    EXPECT_THROW(makeSplit(labels, std::nullopt, std::nullopt, 0.0, 1), ParameterError);
    EXPECT_THROW(makeSplit(labels, std::nullopt, std::nullopt, 1.0, 1), ParameterError);
    EXPECT_THROW(makeSplit(labels, std::nullopt, std::nullopt, std::nan(""), 1), ParameterError);
    // One hallucinated row cannot be on both sides.
    const std::string m = messageOf<InputError>([&] {
        makeSplit({1, 0, 0, 0, 0}, std::nullopt, std::nullopt, 0.4, 1);
    });
    EXPECT_NE(m.find("hallucinated"), std::string::npos) << m;
    // One group only.
    EXPECT_THROW(makeSplit(labels, std::nullopt, std::vector<std::int64_t>{3, 3, 3, 3}, 0.5, 1),
                 InputError);
}

TEST(MakeFolds, FoldsPartitionTheRowsStratifiedAndSeeded) {
    const auto labels = randomLabels(150, 0.35, 3);
    // Folds over a subset (the training rows of a split).
    const ProbeSplit split = makeSplit(labels, std::nullopt, std::nullopt, 0.2, 9);
    const int k = 5;
    const auto folds = makeFolds(split.train, labels, std::nullopt, k, 21);
    ASSERT_EQ(folds.size(), 5u);
    std::map<std::int64_t, int> seen;
    for (const ProbeSplit& f : folds) {
        expectPartition(f, split.train);
        for (const auto r : f.test) ++seen[r];
        EXPECT_EQ(f.source, "seeded");
        EXPECT_DOUBLE_EQ(f.testFraction, 0.2);
    }
    EXPECT_EQ(seen.size(), split.train.size());
    for (const auto& [r, count] : seen) EXPECT_EQ(count, 1) << r;
    for (int cls = 0; cls < 2; ++cls) {
        std::vector<std::int64_t> perFold;
        for (const ProbeSplit& f : folds)
            perFold.push_back(std::count_if(f.test.begin(), f.test.end(),
                                            [&](std::int64_t r) { return labels[r] == cls; }));
        EXPECT_LE(*std::max_element(perFold.begin(), perFold.end()) -
                      *std::min_element(perFold.begin(), perFold.end()),
                  1);
    }
    std::vector<std::int64_t> sizes;
    for (const ProbeSplit& f : folds) sizes.push_back(static_cast<std::int64_t>(f.test.size()));
    EXPECT_LE(*std::max_element(sizes.begin(), sizes.end()) -
                  *std::min_element(sizes.begin(), sizes.end()),
              1);
    const auto again = makeFolds(split.train, labels, std::nullopt, k, 21);
    for (int f = 0; f < k; ++f) EXPECT_EQ(again[f].test, folds[f].test);
    EXPECT_NE(makeFolds(split.train, labels, std::nullopt, k, 22)[0].test, folds[0].test);
}

TEST(MakeFolds, GroupedFoldsKeepGroupsWhole) {
    const std::size_t n = 240;
    SplitMix64 rng(8);
    std::vector<std::int64_t> groups(n);
    std::vector<std::uint8_t> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        groups[i] = static_cast<std::int64_t>(rng.below(40));
        labels[i] = rng.uniform() < 0.5;
    }
    const auto folds = makeFolds(iota(n), labels, groups, 4, 2);
    std::map<std::int64_t, std::set<int>> foldsOfGroup;
    for (int f = 0; f < 4; ++f) {
        expectPartition(folds[f], iota(n));
        EXPECT_EQ(folds[f].source, "grouped");
        for (const auto r : folds[f].test) foldsOfGroup[groups[r]].insert(f);
        // Greedy balance: no fold far from n/k rows.
        EXPECT_NEAR(static_cast<double>(folds[f].test.size()), 60.0, 20.0);
    }
    for (const auto& [g, fs] : foldsOfGroup) EXPECT_EQ(fs.size(), 1u) << "group " << g;
}

TEST(MakeFolds, Errors) {
    const std::vector<std::uint8_t> labels = {1, 0, 1, 0, 1, 0};
    const auto rows = iota(6);
    EXPECT_THROW(makeFolds(rows, labels, std::nullopt, 1, 0), ParameterError);
    EXPECT_THROW(makeFolds(rows, labels, std::nullopt, 7, 0), ParameterError);
    EXPECT_THROW(makeFolds(rows, labels, std::vector<std::int64_t>{0, 0, 1, 1, 2, 2}, 4, 0),
                 ParameterError);
    EXPECT_THROW(makeFolds({0, 7}, labels, std::nullopt, 2, 0), ParameterError);
    // Two hallucinated rows cannot reach three folds.
    const std::string m = messageOf<InputError>([&] {
        makeFolds(rows, {1, 0, 1, 0, 0, 0}, std::nullopt, 3, 0);
    });
    EXPECT_NE(m.find("fold 3 of 3"), std::string::npos) << m;
}

}  // namespace
}  // namespace assay::core::probes
