// CaptionSet: JSON Lines parsed (ids, null labels, optional confidences, blank lines), rows
// assigned in order and matched against the states file; every malformed line refused by line.
#include "assay/probes/captions.h"

#include <gtest/gtest.h>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "probe_io_test_util.h"

namespace assay::core::probes {
namespace {

using core::test::messageOf;

const char* kCaptions =
    R"({"id": "img-1", "tokens": ["A", " dog", " on", " a", " sofa"], "labels": [-1, 0, null, -1, 1], "confidences": [0.9, 0.8, 0.7, 0.95, 0.4]}

{"tokens": ["Two", " cats"], "extra": 5}
{"id": 17, "tokens": [" bird"], "labels": [true]}
)";

TEST(CaptionSet, OpensCaptionsWithTheirStates) {
    test::Scratch dir;
    io::test::writeBytes(dir / "c.jsonl", kCaptions);
    const std::int64_t T = 8, d = 4;
    const auto values = test::exactValues(2 * T * d, 5);
    io::writeSafetensors(dir / "s.safetensors",
                         test::statesTensors({6, 2}, T, d, values, io::DType::F16, true), {});
    const CaptionSet set = CaptionSet::open(dir / "c.jsonl", dir / "s.safetensors");
    const auto& c = set.captions();
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[0].id, "img-1");
    EXPECT_EQ(c[0].tokens[1], " dog");  // leading spaces kept
    EXPECT_EQ(c[0].labels, (std::vector<int>{-1, 0, -1, -1, 1}));
    EXPECT_EQ(c[0].confidences, (std::vector<double>{0.9, 0.8, 0.7, 0.95, 0.4}));
    EXPECT_EQ(c[0].firstRow, 0);
    EXPECT_EQ(c[1].id, "caption 1");
    EXPECT_EQ(c[1].labels, (std::vector<int>{-1, -1}));
    EXPECT_TRUE(c[1].confidences.empty());
    EXPECT_EQ(c[1].firstRow, 5);
    EXPECT_EQ(c[2].id, "17");
    EXPECT_EQ(c[2].labels, (std::vector<int>{1}));
    EXPECT_EQ(c[2].firstRow, 7);
    EXPECT_EQ(set.layers(), (std::vector<int>{2, 6}));
    EXPECT_TRUE(set.hasLayer(6));
    EXPECT_FALSE(set.hasLayer(3));
    EXPECT_EQ(set.width(), d);
    const io::HiddenMatrix m = set.states(2);  // layer 2 is the file's second block
    EXPECT_EQ(m.rows, T);
    EXPECT_EQ(m.dtype, io::DType::F16);
    const RowView rows = allRows(m);
    EXPECT_EQ(test::rowValues(rows, 7),
              std::vector<double>(values.begin() + (T + 7) * d, values.begin() + (T + 8) * d));
    EXPECT_NE(messageOf<InputError>([&] { set.states(3); })
                  .find("s.safetensors: layer 3: no caption states for this layer (the states "
                        "have layers 2, 6)"),
              std::string::npos);
    // A states file with another row count.
    io::writeSafetensors(
        dir / "short.safetensors",
        test::statesTensors({0}, 7, d, test::exactValues(7 * d), io::DType::F32, false), {});
    EXPECT_NE(messageOf<InputError>([&] {
                  CaptionSet::open(dir / "c.jsonl", dir / "short.safetensors");
              }).find("states have 7 rows, c.jsonl has 8 tokens"),
              std::string::npos);
}

std::string parseError(const std::string& text) {
    test::Scratch dir;
    io::test::writeBytes(dir / "c.jsonl", text);
    io::writeSafetensors(dir / "s.safetensors",
                         test::statesTensors({0}, 2, 1, {0, 1}, io::DType::F32, false), {});
    return messageOf<InputError>([&] { CaptionSet::open(dir / "c.jsonl", dir / "s.safetensors"); });
}

TEST(CaptionSet, MalformedLinesAreRefusedByLine) {
    auto has = [](const std::string& m, const std::string& part) {
        EXPECT_NE(m.find(part), std::string::npos) << m;
    };
    has(parseError(""), "c.jsonl: no captions");
    has(parseError("{\"tokens\": [\"a\"]}\nnot json\n"), "c.jsonl: line 2: is not valid JSON");
    has(parseError("[1, 2]"), "line 1: is not a JSON object");
    has(parseError("{\"labels\": [1]}"), "line 1: tokens: expected a list of strings");
    has(parseError("{\"tokens\": [\"a\", 3]}"), "line 1: tokens: holds 3, expected strings");
    has(parseError("{\"tokens\": []}"), "tokens: is empty");
    has(parseError("\n\n{\"tokens\": [\"a\", \"b\"], \"labels\": [1]}"),
        "c.jsonl: line 3: labels has 1 values for 2 tokens");
    has(parseError("{\"tokens\": [\"a\", \"b\"], \"labels\": [1, 2]}"),
        "labels: holds 2; expected 1 (hallucinated object), 0 (real object), -1 or null");
    has(parseError("{\"tokens\": [\"a\", \"b\"], \"labels\": [1, 18446744073709551615]}"),
        "labels: holds");
    has(parseError("{\"tokens\": [\"a\", \"b\"], \"confidences\": [0.5]}"),
        "confidences has 1 values for 2 tokens");
    has(parseError("{\"tokens\": [\"a\", \"b\"], \"confidences\": [0.5, 1.5]}"),
        "confidences[1] is outside [0, 1]");
    has(parseError("{\"tokens\": [\"a\", \"b\"], \"confidences\": [0.5, \"x\"]}"),
        "confidences: holds \"x\", expected numbers");
}

TEST(CaptionSet, FromMemoryAssignsRowsAndChecksSizes) {
    std::vector<Caption> captions(2);
    captions[0].tokens = {"a", "b", "c"};
    captions[0].labels = {-1, 1, 0};
    captions[1].tokens = {"d"};
    captions[1].firstRow = 99;  // recomputed
    const CaptionSet set =
        CaptionSet::fromMemory(captions, {1, 4}, 2, std::vector<float>(2 * 4 * 2, 0.5f));
    EXPECT_EQ(set.captions()[1].firstRow, 3);
    EXPECT_EQ(set.captions()[1].labels, (std::vector<int>{-1}));
    EXPECT_EQ(set.captions()[1].id, "caption 1");
    EXPECT_EQ(set.states(4).rows, 4);
    EXPECT_THROW(CaptionSet::fromMemory(captions, {1}, 2, std::vector<float>(7)), InputError);
    captions[0].labels = {1};
    EXPECT_NE(messageOf<InputError>([&] {
                  CaptionSet::fromMemory(captions, {1}, 2, std::vector<float>(8));
              }).find("captions: caption 0: labels has 1 values for 3 tokens"),
              std::string::npos);
}

}  // namespace
}  // namespace assay::core::probes
