// ExpertMask in memory and mask.json: round trip (NaN ↔ null), and every malformed file
// refused with the file and the key.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "assay/core/error.h"
#include "assay/prune/expert_mask.h"
#include "prune_io_test_util.h"

namespace assay::core::prune {
namespace {

using test::messageOf;

ExpertMask sample() {
    ExpertMask m = ExpertMask::full(6, 2, {0, 3, 12});
    m.criterion = "EAN";
    m.variant = "min";
    m.procedure = "iterative";
    m.sparsity = 1.0 / 3.0;
    m.layers[3].kept = {true, false, true, true, false, true};
    m.layers[3].dropOrder = {4, 1};
    m.layers[3].criterion = {0.1, -2.5e-7, NAN, 1e300, 3.0, 0.0};
    m.layers[12].kept = {false, true, true, true, true, false};
    m.layers[12].dropOrder = {0, 5};
    return m;
}

TEST(ExpertMask, InMemoryQueries) {
    const ExpertMask m = sample();
    EXPECT_EQ(m.layers.at(3).keptCount(), 4);
    EXPECT_EQ(m.layers.at(3).keptIndices(), (std::vector<int>{0, 2, 3, 5}));
    EXPECT_EQ(m.layers.at(3).droppedIndices(), (std::vector<int>{1, 4}));
    EXPECT_TRUE(m.keeps(3, 0));
    EXPECT_FALSE(m.keeps(3, 1));
    EXPECT_TRUE(m.keeps(7, 1));  // absent layer: all kept
    EXPECT_FALSE(m.keeps(3, 6));
    EXPECT_EQ(m.uniformKeptCount(), -1);  // layer 0 keeps 6
    ExpertMask u = m;
    u.layers.erase(0);
    EXPECT_EQ(u.uniformKeptCount(), 4);
    EXPECT_EQ(ExpertMask::full(5, 1, {}).uniformKeptCount(), 5);
    const ExpertMask f = ExpertMask::full(5, 1, {2});
    EXPECT_EQ(f.layers.at(2).kept, std::vector<bool>(5, true));
    EXPECT_EQ(f.layers.at(2).criterion.size(), 5u);
}

TEST(ExpertMask, JsonRoundTrip) {
    test::Scratch dir;
    const ExpertMask m = sample();
    writeExpertMask(m, dir / "sub" / "mask.json");
    const ExpertMask r = readExpertMask(dir / "sub" / "mask.json");
    EXPECT_EQ(r.numExperts, 6);
    EXPECT_EQ(r.topK, 2);
    EXPECT_EQ(r.criterion, "EAN");
    EXPECT_EQ(r.variant, "min");
    EXPECT_EQ(r.procedure, "iterative");
    EXPECT_EQ(r.sparsity, m.sparsity);
    ASSERT_EQ(r.layers.size(), 3u);
    for (const auto& [l, layer] : m.layers) {
        const LayerMask& back = r.layers.at(l);
        EXPECT_EQ(back.kept, layer.kept) << l;
        EXPECT_EQ(back.dropOrder, layer.dropOrder) << l;
        ASSERT_EQ(back.criterion.size(), 6u);
        for (int j = 0; j < 6; ++j) {
            const double want = j < static_cast<int>(layer.criterion.size()) ? layer.criterion[j] : NAN;
            if (std::isnan(want))
                EXPECT_TRUE(std::isnan(back.criterion[j])) << l << " " << j;
            else
                EXPECT_EQ(back.criterion[j], want) << l << " " << j;  // bit-exact doubles
        }
    }
    // The documented keys, written as the header says.
    std::ifstream in(dir / "sub" / "mask.json");
    const auto doc = nlohmann::json::parse(in);
    EXPECT_EQ(doc["format"], "assay-expert-mask");
    EXPECT_EQ(doc["version"], 1);
    EXPECT_EQ(doc["layers"]["3"]["dropped"], nlohmann::json({1, 4}));
    EXPECT_EQ(doc["layers"]["3"]["kept"], nlohmann::json({0, 2, 3, 5}));
    EXPECT_TRUE(doc["layers"]["3"]["criterion_values"][2].is_null());
    EXPECT_EQ(doc["layers"]["0"]["drop_order"], nlohmann::json::array());
}

TEST(ExpertMask, OptionalKeysGetDefaults) {
    test::Scratch dir;
    std::ofstream(dir / "m.json") << R"({"format": "assay-expert-mask", "version": 1,
        "num_experts": 4, "top_k": 2, "layers": {"5": {"kept": [3, 0]}}})";
    const ExpertMask m = readExpertMask(dir / "m.json");
    EXPECT_EQ(m.layers.at(5).kept, (std::vector<bool>{true, false, false, true}));
    EXPECT_EQ(m.layers.at(5).dropOrder, (std::vector<int>{1, 2}));
    EXPECT_TRUE(std::isnan(m.layers.at(5).criterion[0]));
    EXPECT_EQ(m.criterion, "");
}

TEST(ExpertMask, MalformedFilesNameTheKey) {
    test::Scratch dir;
    const std::string head = R"({"format": "assay-expert-mask", "version": 1, "num_experts": 4, "top_k": 2, )";
    struct Case {
        std::string text;
        std::string expect;
    };
    const Case cases[] = {
        {"{ nope", "not valid JSON"},
        {"[1]", "expected a JSON object"},
        {R"({"format": "other", "version": 1})", "format: is \"other\", expected \"assay-expert-mask\""},
        {R"({"format": "assay-expert-mask", "version": 2})", "version: is 2, this build reads version 1"},
        {R"({"format": "assay-expert-mask", "version": 1, "top_k": 1, "layers": {}})", "num_experts: missing"},
        {R"({"format": "assay-expert-mask", "version": 1, "num_experts": 4, "top_k": 5, "layers": {}})",
         "top_k: is 5, expected 1..4"},
        {head + R"("layers": []})", "layers: expected an object"},
        {head + R"("layers": {"x": {"kept": [0, 1]}}})", "layers.x: expected a decoder-layer index"},
        {head + R"("layers": {"1": {"kept": [0, 4], "dropped": [1, 2]}}})",
         "layers.1.kept[1]: expert 4 outside [0, 4)"},
        {head + R"("layers": {"1": {"kept": [0, 0, 1]}}})", "layers.1.kept[1]: expert 0 repeated"},
        {head + R"("layers": {"1": {"kept": [0, 1], "dropped": [1, 2, 3]}}})",
         "layers.1.dropped: expert 1 is also in kept"},
        {head + R"("layers": {"1": {"kept": [0, 1], "dropped": [2]}}})",
         "layers.1: kept and dropped together hold 3 experts, expected all 4"},
        {head + R"("layers": {"1": {"kept": [0], "dropped": [1, 2, 3]}}})",
         "layers.1.kept: keeps 1 experts, fewer than top_k = 2"},
        {head + R"("layers": {"1": {"kept": [0, 1, 2], "drop_order": [2]}}})",
         "layers.1.drop_order: expert 2 is kept"},
        {head + R"("layers": {"1": {"kept": [0, 1], "drop_order": [2]}}})",
         "layers.1.drop_order: lists 1 experts, expected every dropped one (2)"},
        {head + R"("layers": {"1": {"kept": [0, 1], "criterion_values": [1, 2]}}})",
         "layers.1.criterion_values: expected an array of 4 numbers or nulls"},
        {head + R"("layers": {"1": {"kept": [0, 1], "criterion_values": [1, "a", 2, 3]}}})",
         "layers.1.criterion_values[1]: is \"a\""},
        {head + R"("layers": {"1": {"kept": [0, 1.5]}}})", "layers.1.kept[1]: is 1.5, expected an integer"},
        {head + R"("layers": {"1": {"dropped": [0]}}})", "layers.1.kept: missing"},
        {head + R"("criterion": 3, "layers": {}})", "criterion: is 3, expected a string"},
    };
    for (const Case& c : cases) {
        std::ofstream(dir / "bad.json") << c.text;
        const std::string m = messageOf<InputError>([&] { readExpertMask(dir / "bad.json"); });
        EXPECT_NE(m.find((dir / "bad.json").string() + ": "), std::string::npos) << m;
        EXPECT_NE(m.find(c.expect), std::string::npos) << c.text << "\n  got: " << m;
    }
    EXPECT_NE(messageOf<InputError>([&] { readExpertMask(dir / "absent.json"); }).find("cannot open"),
              std::string::npos);
}

TEST(ExpertMask, WriteRefusesALayerOfTheWrongSizeAndLeavesNothing) {
    test::Scratch dir;
    ExpertMask m = ExpertMask::full(4, 1, {0});
    m.layers[0].kept.pop_back();
    EXPECT_THROW(writeExpertMask(m, dir / "m.json"), OutputError);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace assay::core::prune
