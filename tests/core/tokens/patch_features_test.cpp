// PatchFeatures::open over every layout (patch_features.h), against the values written: each
// image's rows are the written rows in raster order with the CLS row dropped.
#include "assay/tokens/patch_features.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"
#include "features_test_support.h"

namespace assay::core::tokens {
namespace {

using io::DType;
using test::exactValues;
using test::Scratch;
using test::tensor;
using test::writeFeatures;

template <typename E>
std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an exception";
    return {};
}

// Rows [first, first + count) of a row-major [*, d] array, as floats.
std::vector<float> rows(const std::vector<double>& v, std::size_t first, std::size_t count,
                        std::size_t d) {
    return {v.begin() + std::ptrdiff_t(first * d), v.begin() + std::ptrdiff_t((first + count) * d)};
}

TEST(PatchFeatures, GridShapedSingleImage) {
    Scratch dir;
    const auto v = exactValues(4 * 6 * 5);
    writeFeatures(dir / "f.safetensors", {tensor("features", v, {4, 6, 5})});
    const auto f = PatchFeatures::open(dir / "f.safetensors");
    EXPECT_EQ(f.images(), 1);
    EXPECT_FALSE(f.isBatch());
    EXPECT_EQ(f.grid().rows, 4);
    EXPECT_EQ(f.grid().cols, 6);
    EXPECT_EQ(f.dim(), 5);
    EXPECT_FALSE(f.hadCls());
    EXPECT_FALSE(f.hasSecondSet());
    EXPECT_FALSE(f.hasAttention());
    EXPECT_TRUE(f.attention(0).empty());
    EXPECT_EQ(f.dtype(), DType::F32);
    EXPECT_EQ(f.imageRows(0), rows(v, 0, 24, 5));
    ASSERT_EQ(f.files().size(), 1u);
    EXPECT_EQ(f.path(), dir / "f.safetensors");
}

TEST(PatchFeatures, FlatWithMetadataGridAndCls) {
    Scratch dir;
    const auto v = exactValues(25 * 3);
    writeFeatures(dir / "f.safetensors", {tensor("features", v, {25, 3}, DType::F16)},
                  {{"grid", "4x6"}, {"cls", "true"}});
    const auto f = PatchFeatures::open(dir / "f.safetensors");
    EXPECT_EQ(f.grid().rows, 4);
    EXPECT_EQ(f.grid().cols, 6);
    EXPECT_TRUE(f.hadCls());
    EXPECT_EQ(f.dtype(), DType::F16);
    EXPECT_EQ(f.imageRows(0), rows(v, 1, 24, 3));
}

// Every one of the 65536 halves (a 256x256 grid of D = 1) converts bit for bit as the io layer's
// own conversion does, infinities and NaN payloads included.
TEST(PatchFeatures, EveryHalfConvertsExactly) {
    Scratch dir;
    io::TensorToWrite t;
    t.name = "features";
    t.dtype = DType::F16;
    t.shape = {65536, 1};
    std::vector<std::uint16_t> all(65536);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i);
    const auto* bytes = reinterpret_cast<const unsigned char*>(all.data());
    t.bytes.assign(bytes, bytes + 2 * all.size());
    writeFeatures(dir / "halves.safetensors", {t});
    const auto f = PatchFeatures::open(dir / "halves.safetensors");
    ASSERT_EQ(f.grid().rows, 256);
    std::vector<float> want(all.size());
    io::convertElements(bytes, DType::F16, 0, 65536, want.data());
    const std::vector<float> got = f.imageRows(0);
    ASSERT_EQ(got.size(), want.size());
    EXPECT_EQ(std::memcmp(got.data(), want.data(), want.size() * sizeof(float)), 0);
}

TEST(PatchFeatures, FlatSquareNeedsNoGrid) {
    Scratch dir;
    const auto v = exactValues(16 * 2);
    writeFeatures(dir / "f.safetensors", {tensor("features", v, {16, 2}, DType::BF16)});
    const auto f = PatchFeatures::open(dir / "f.safetensors");
    EXPECT_EQ(f.grid().rows, 4);
    EXPECT_EQ(f.grid().cols, 4);
    EXPECT_EQ(f.imageRows(0), rows(v, 0, 16, 2));
}

TEST(PatchFeatures, FlatNotSquareSaysWhatToGive) {
    Scratch dir;
    const auto v = exactValues(17 * 2);
    writeFeatures(dir / "f.safetensors", {tensor("features", v, {17, 2}, DType::F64)});
    const std::string m =
        messageOf<InputError>([&] { PatchFeatures::open(dir / "f.safetensors"); });
    EXPECT_NE(m.find("f.safetensors: features:"), std::string::npos) << m;
    EXPECT_NE(m.find("not a square"), std::string::npos) << m;
    EXPECT_NE(m.find("CLS"), std::string::npos) << m;
    FeatureOptions o;
    o.cls = true;
    const auto f = PatchFeatures::open(dir / "f.safetensors", o);
    EXPECT_TRUE(f.hadCls());
    EXPECT_EQ(f.grid().rows, 4);
    EXPECT_EQ(f.imageRows(0), rows(v, 1, 16, 2));
}

TEST(PatchFeatures, OptionsOverrideMetadata) {
    Scratch dir;
    const auto v = exactValues(16 * 2);
    writeFeatures(dir / "f.safetensors", {tensor("features", v, {16, 2})}, {{"grid", "2x8"}});
    EXPECT_EQ(PatchFeatures::open(dir / "f.safetensors").grid().cols, 8);
    FeatureOptions o;
    o.grid = GridSize{4, 4};
    EXPECT_EQ(PatchFeatures::open(dir / "f.safetensors", o).grid().cols, 4);
}

TEST(PatchFeatures, GridBatchF16) {
    Scratch dir;
    const auto v = exactValues(3 * 2 * 3 * 4, 7);
    writeFeatures(dir / "f.safetensors", {tensor("features", v, {3, 2, 3, 4}, DType::F16)});
    const auto f = PatchFeatures::open(dir / "f.safetensors");
    EXPECT_EQ(f.images(), 3);
    EXPECT_TRUE(f.isBatch());
    for (int b = 0; b < 3; ++b) EXPECT_EQ(f.imageRows(b), rows(v, b * 6, 6, 4)) << b;
    std::vector<float> out(6 * 4);
    f.imageRows(2, out.data());
    EXPECT_EQ(out, rows(v, 12, 6, 4));
    EXPECT_THROW(f.imageRows(3), ParameterError);
    EXPECT_THROW(f.imageRows(0, true), ParameterError);
}

TEST(PatchFeatures, FlatBatchWithClsSecondSetAndAttention) {
    Scratch dir;
    const int B = 2, N = 10, D = 3;  // 3x3 grid + CLS
    const auto v = exactValues(B * N * D, 2), w = exactValues(B * N * D, 3);
    const auto a = exactValues(B * 9, 4);
    writeFeatures(dir / "f.safetensors",
                  {tensor("features", v, {B, N, D}, DType::BF16),
                   tensor("features_b", w, {B, N, D}), tensor("attention", a, {B, 9}, DType::F64)},
                  {{"grid", "3x3"}, {"cls", "true"}});
    const auto f = PatchFeatures::open(dir / "f.safetensors");
    EXPECT_EQ(f.images(), B);
    EXPECT_TRUE(f.isBatch());
    EXPECT_TRUE(f.hadCls());
    EXPECT_TRUE(f.hasSecondSet());
    EXPECT_TRUE(f.hasAttention());
    for (int b = 0; b < B; ++b) {
        EXPECT_EQ(f.imageRows(b), rows(v, b * N + 1, 9, D));
        EXPECT_EQ(f.imageRows(b, true), rows(w, b * N + 1, 9, D));
        const std::vector<double> want(a.begin() + b * 9, a.begin() + (b + 1) * 9);
        EXPECT_EQ(f.attention(b), want);
    }
}

TEST(PatchFeatures, AttentionWithClsWeightDropsIt) {
    Scratch dir;
    const auto v = exactValues(5 * 2), a = exactValues(5, 9);
    writeFeatures(dir / "f.safetensors",
                  {tensor("features", v, {5, 2}), tensor("attention", a, {5})}, {{"cls", "true"}});
    const auto f = PatchFeatures::open(dir / "f.safetensors");
    EXPECT_EQ(f.attention(0), std::vector<double>(a.begin() + 1, a.end()));
}

TEST(PatchFeatures, MalformedInputsAreRefusedByName) {
    Scratch dir;
    const auto v = exactValues(16 * 2);
    const auto open = [&](const std::vector<io::TensorToWrite>& t,
                          const std::map<std::string, std::string>& meta = {}) {
        writeFeatures(dir / "bad.safetensors", t, meta);
        return messageOf<InputError>([&] { PatchFeatures::open(dir / "bad.safetensors"); });
    };
    std::string m = open({tensor("x", v, {16, 2})});
    EXPECT_NE(m.find("bad.safetensors: features: tensor not found (has: x)"), std::string::npos)
        << m;
    m = open({tensor("features", v, {16, 2}, DType::I32)});
    EXPECT_NE(m.find("expected a float type"), std::string::npos) << m;
    m = open({tensor("features", v, {16, 2})}, {{"grid", "5x5"}});
    EXPECT_NE(m.find("grid 5x5 needs 25 tokens, the tensor has 16"), std::string::npos) << m;
    m = open({tensor("features", v, {16, 2})}, {{"grid", "banana"}});
    EXPECT_NE(m.find("metadata grid"), std::string::npos) << m;
    m = open({tensor("features", v, {16, 2})}, {{"cls", "maybe"}});
    EXPECT_NE(m.find("metadata cls"), std::string::npos) << m;
    m = open({tensor("features", v, {32})});
    EXPECT_NE(m.find("is not [N, D]"), std::string::npos) << m;
    m = open({tensor("features", v, {16, 2}), tensor("attention", exactValues(15), {15})});
    EXPECT_NE(m.find("bad.safetensors: attention:"), std::string::npos) << m;
    m = open({tensor("features", v, {16, 2}), tensor("features_b", v, {8, 4})});
    EXPECT_NE(m.find("bad.safetensors: features_b: shape [8, 4] differs"), std::string::npos) << m;
    m = open({tensor("features", v, {1, 4, 4, 2})}, {{"cls", "true"}});
    EXPECT_NE(m.find("no CLS row"), std::string::npos) << m;
    m = open({tensor("features", v, {1, 4, 4, 2})}, {{"grid", "2x8"}});
    EXPECT_NE(m.find("the grid given is 2x8"), std::string::npos) << m;
    EXPECT_THROW(PatchFeatures::open(dir / "missing.safetensors"), InputError);
}

TEST(PatchFeatures, NpyLayoutsTakeGridAndClsFromOptions) {
    Scratch dir;
    const auto v = exactValues(2 * 10 * 3);
    test::writeNpy(dir / "flat.npy", v, {2, 10, 3});
    FeatureOptions o;
    o.grid = GridSize{3, 3};
    o.cls = true;
    const auto f = PatchFeatures::open(dir / "flat.npy", o);
    EXPECT_EQ(f.images(), 2);
    EXPECT_TRUE(f.isBatch());
    EXPECT_EQ(f.imageRows(1), rows(v, 11, 9, 3));
    // Without options the same array reads as one 2x10 grid.
    const auto g = PatchFeatures::open(dir / "flat.npy");
    EXPECT_EQ(g.images(), 1);
    EXPECT_EQ(g.grid().rows, 2);
    EXPECT_EQ(g.grid().cols, 10);
    test::writeNpy(dir / "n.npy", std::vector<double>(v.begin(), v.begin() + 60), {20, 3});
    const std::string m = messageOf<InputError>([&] { PatchFeatures::open(dir / "n.npy"); });
    EXPECT_NE(m.find("n.npy"), std::string::npos) << m;
    EXPECT_NE(m.find("--grid"), std::string::npos) << m;
    o.cls = false;
    o.grid = GridSize{4, 5};
    EXPECT_EQ(PatchFeatures::open(dir / "n.npy", o).imageRows(0), rows(v, 0, 20, 3));
}

TEST(PatchFeatures, FolderIsABatchInNameOrder) {
    Scratch dir;
    std::filesystem::create_directories(dir / "set");
    std::vector<std::vector<double>> values;
    for (int i = 0; i < 3; ++i) values.push_back(exactValues(4 * 2, 10 + unsigned(i)));
    // Written out of order: read back sorted by name.
    writeFeatures(dir / "set" / "c.safetensors", {tensor("features", values[2], {2, 2, 2})});
    writeFeatures(dir / "set" / "a.safetensors", {tensor("features", values[0], {2, 2, 2})});
    test::writeNpy(dir / "set" / "b.npy", values[1], {2, 2, 2});
    io::test::writeBytes(dir / "set" / "notes.txt", "ignored");
    const auto f = PatchFeatures::open(dir / "set");
    EXPECT_TRUE(f.isBatch());
    ASSERT_EQ(f.images(), 3);
    for (int b = 0; b < 3; ++b) EXPECT_EQ(f.imageRows(b), rows(values[b], 0, 4, 2)) << b;
    ASSERT_EQ(f.files().size(), 3u);
    EXPECT_EQ(f.files()[1].filename(), "b.npy");
    writeFeatures(dir / "set" / "d.safetensors", {tensor("features", values[0], {1, 4, 2})});
    const std::string m = messageOf<InputError>([&] { PatchFeatures::open(dir / "set"); });
    EXPECT_NE(m.find("d.safetensors"), std::string::npos) << m;
    EXPECT_NE(m.find("grid 1x4 differs"), std::string::npos) << m;
    std::filesystem::create_directories(dir / "empty");
    EXPECT_THROW(PatchFeatures::open(dir / "empty"), InputError);
}

TEST(PatchFeatures, FromFloatsKeepsWhatItIsGiven) {
    std::vector<float> data(2 * 6 * 3), second(2 * 6 * 3);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = float(i), second[i] = -float(i);
    std::vector<double> att(12);
    for (std::size_t i = 0; i < att.size(); ++i) att[i] = double(i) / 12;
    const auto f = PatchFeatures::fromFloats(data, 2, {2, 3}, 3, "demo", second, att);
    EXPECT_EQ(f.images(), 2);
    EXPECT_TRUE(f.path().empty());
    EXPECT_TRUE(f.files().empty());
    EXPECT_TRUE(f.hasSecondSet());
    EXPECT_EQ(f.imageRows(1), std::vector<float>(data.begin() + 18, data.end()));
    EXPECT_EQ(f.imageRows(0, true), std::vector<float>(second.begin(), second.begin() + 18));
    EXPECT_EQ(f.attention(1), std::vector<double>(att.begin() + 6, att.end()));
    EXPECT_THROW(PatchFeatures::fromFloats(data, 2, {2, 2}, 3), ParameterError);
    EXPECT_THROW(PatchFeatures::fromFloats(data, 2, {2, 3}, 3, "x", {1.0f}), ParameterError);
    EXPECT_THROW(PatchFeatures::fromFloats(data, 2, {2, 3}, 3, "x", {}, {1.0}), ParameterError);
    EXPECT_THROW(PatchFeatures::fromFloats({}, 0, {2, 3}, 3), ParameterError);
}

TEST(GridSizeText, ParsesTheUsualSpellings) {
    for (const char* t : {"24x24", "24X24",
                          "24\xc3\x97"
                          "24",
                          " 24 x 24 ", "24"}) {
        const GridSize g = parseGridSize(t);
        EXPECT_EQ(g.rows, 24) << t;
        EXPECT_EQ(g.cols, 24) << t;
    }
    EXPECT_EQ(parseGridSize("12x16").cols, 16);
    EXPECT_EQ(gridSizeText({12, 16}), "12x16");
    for (const char* t : {"", "x", "0x4", "4x", "-4x4", "4x4x4", "a", "123456x2"})
        EXPECT_THROW(parseGridSize(t, "--grid"), ParameterError) << t;
    EXPECT_NE(messageOf<ParameterError>([] { parseGridSize("z", "--grid"); }).find("--grid: 'z'"),
              std::string::npos);
}

}  // namespace
}  // namespace assay::core::tokens
