// Scored items cut into shards' rows and joined back are the items they were cut from, array for
// array; parts that do not belong together are refused.
#include "assay/conformal/scored_item_rows.h"

#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "assay/demo/calibration_demo.h"

namespace assay::core::conformal {
namespace {

void expectSameItems(const ScoredItems& a, const ScoredItems& b) {
    EXPECT_EQ(a.n, b.n);
    EXPECT_EQ(a.k, b.k);
    EXPECT_EQ(a.optionScore, b.optionScore);
    EXPECT_EQ(a.goldScore, b.goldScore);
    EXPECT_EQ(a.statistic, b.statistic);
    EXPECT_EQ(a.group, b.group);
    EXPECT_EQ(a.groupNames, b.groupNames);
    EXPECT_EQ(a.fixedSplit, b.fixedSplit);
    EXPECT_EQ(a.statisticIsScore, b.statisticIsScore);
    EXPECT_EQ(a.goldSampled, b.goldSampled);
}

TEST(ScoredItemRows, ShardsJoinBackToTheWhole) {
    const ScoredItems all =
        scoreItems(demo::makeCalibrationDemo(), ScoreWeights{}, Statistic::PredictiveEntropy);
    ASSERT_GT(all.n, 7u);
    for (int n : {1, 2, 3, 7, static_cast<int>(all.n) + 2}) {  // the last has empty parts
        std::vector<ScoredItems> parts;
        for (int i = 0; i < n; ++i)
            parts.push_back(itemRows(all, shardRows({i, n}, static_cast<std::int64_t>(all.n))));
        expectSameItems(joinItemRows(parts), all);
    }
    const ScoredItems mid = itemRows(all, {2, 5});
    ASSERT_EQ(mid.n, 3u);
    EXPECT_EQ(mid.goldScore[0], all.goldScore[2]);
    EXPECT_EQ(mid.optionScore[mid.k * 2 + 1], all.optionScore[all.k * 4 + 1]);
}

TEST(ScoredItemRows, OutOfRangeRowsAndMismatchedPartsAreRefused) {
    ScoredItems generic;
    generic.n = 4;
    generic.goldScore = {0.1, 0.2, 0.3, 0.4};
    generic.statistic = generic.goldScore;
    generic.group = {0, 0, 0, 0};
    generic.groupNames = {"all"};
    generic.fixedSplit = {0, 1, 0, 1};
    EXPECT_THROW(itemRows(generic, {3, 5}), ParameterError);
    EXPECT_THROW(itemRows(generic, {2, 1}), ParameterError);
    ScoredItems a = itemRows(generic, {0, 2}), b = itemRows(generic, {2, 4});
    expectSameItems(joinItemRows({a, itemRows(generic, {2, 2}), b}), generic);
    b.fixedSplit.clear();
    EXPECT_THROW(joinItemRows({a, b}), ParameterError);
    b = itemRows(generic, {2, 4});
    b.groupNames = {"x", "y"};
    EXPECT_THROW(joinItemRows({a, b}), ParameterError);
    EXPECT_THROW(joinItemRows({}), ParameterError);
}

}  // namespace
}  // namespace assay::core::conformal
