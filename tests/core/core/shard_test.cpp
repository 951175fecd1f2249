// Shards tile the rows exactly once; parts that do not make one run are refused by name.
#include "assay/core/shard.h"

#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "assay/core/partial_result.h"

namespace assay::core {
namespace {

TEST(Shard, PartsTileEveryRowOnceForAnyCount) {
    for (std::int64_t rows : {0, 1, 2, 3, 7, 100, 3001})
        for (int n : {1, 2, 3, 7, 64}) {
            std::int64_t next = 0, largest = 0, smallest = rows;
            for (int i = 0; i < n; ++i) {
                const RowRange r = shardRows({i, n}, rows);
                ASSERT_EQ(r.begin, next) << rows << " rows, " << i << "/" << n;
                ASSERT_GE(r.size(), 0);
                largest = std::max(largest, r.size());
                smallest = std::min(smallest, r.size());
                next = r.end;
            }
            EXPECT_EQ(next, rows);
            EXPECT_LE(largest - smallest, 1) << "parts differ by at most one row";
        }
}

TEST(Shard, ParsesOnlyValidParts) {
    const Shard s = parseShard("2/7");
    EXPECT_EQ(s.index, 2);
    EXPECT_EQ(s.count, 7);
    EXPECT_EQ(shardText(s), "2/7");
    for (const char* bad : {"7/7", "-1/3", "1", "1/0", "a/3", "1/3x", "", "/3"})
        EXPECT_THROW(parseShard(bad), ParameterError) << bad;
}

PartialHeader part(int i, int n, std::int64_t rows) {
    PartialHeader h;
    h.command = "coactivation";
    h.parameters = {{"layers", {0, 1}}};
    h.shard = {i, n};
    h.rows = shardRows(h.shard, rows);
    h.totalRows = rows;
    h.inputs = {{"trace.safetensors", "abc"}};
    h.seed = 10;
    return h;
}

TEST(PartialResult, HeaderRoundTripsThroughJson) {
    const PartialHeader h = part(1, 3, 10);
    const PartialHeader back = PartialHeader::fromJson(h.toJson(), "p.safetensors");
    EXPECT_EQ(back.toJson(), h.toJson());
    EXPECT_EQ(back.seed, 10u);
    nlohmann::json j = h.toJson();
    j.erase("shard");
    EXPECT_THROW(PartialHeader::fromJson(j, "p.safetensors"), InputError);
}

TEST(PartialResult, CompleteRunsAreOrderedAndBadOnesRefused) {
    const std::vector<std::string> files = {"a", "b", "c"};
    auto order = checkPartsMakeOneRun({part(2, 3, 10), part(0, 3, 10), part(1, 3, 10)}, files);
    EXPECT_EQ(order, (std::vector<std::size_t>{1, 2, 0}));
    const auto refusedWith = [&](std::vector<PartialHeader> parts, const std::string& words) {
        try {
            checkPartsMakeOneRun(parts, files);
        } catch (const ParameterError& e) {
            return std::string(e.what()).find(words) != std::string::npos;
        }
        return false;
    };
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10)}, "2/3 missing"));
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), part(1, 3, 10)}, "given twice"));
    PartialHeader other = part(2, 3, 10);
    other.parameters["layers"] = {0};
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), other}, "other parameters"));
    other = part(2, 3, 10);
    other.inputs[0].second = "def";
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), other}, "other input files"));
    other = part(2, 3, 10);
    other.inputs[0].first = "staged_copy.safetensors";  // same bytes, another name: merges
    EXPECT_NO_THROW(checkPartsMakeOneRun({part(0, 3, 10), part(1, 3, 10), other}, files));
    other.summary["num_experts"] = 64;
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), other}, "describes its input"));
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), part(2, 4, 10)}, "in 4 parts"));
    other = part(2, 3, 10);
    other.rows.begin += 1;
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), other}, "covers rows"));
    other = part(2, 3, 10);
    other.seed = 11;
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), other}, "another seed: 11 vs 10"));
    other = part(2, 3, 10);
    other.command = "conformal";
    EXPECT_TRUE(refusedWith({part(0, 3, 10), part(1, 3, 10), other}, "part of 'conformal'"));
}

}  // namespace
}  // namespace assay::core
