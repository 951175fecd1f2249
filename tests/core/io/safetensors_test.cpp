#include "assay/io/safetensors.h"

#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

using test::safetensorsBytes;

std::string errorOf(const std::string& fileBytes) {
    try {
        parseSafetensors(reinterpret_cast<const unsigned char*>(fileBytes.data()), fileBytes.size(),
                         "t.safetensors");
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Safetensors, RoundTripKeepsValuesOrderAndMetadata) {
    test::ScratchDir dir;
    const auto path = dir / "out.safetensors";
    std::vector<TensorToWrite> tensors = {
        tensorFromDoubles("b.scores", {1.5, -2.25, 3.0, 4.0, 5.0, 6.0}, {2, 3}),
        tensorFromInt64("a.topk_idx", {7, -8, 9}, {3}),
        tensorFromDoubles("scalar", {42.0}, {}),
    };
    writeSafetensors(path, tensors, {{"model", "demo"}, {"seed", "3"}});

    const TensorFile file = TensorFile::open(path);
    ASSERT_EQ(file.tensors().size(), 3u);
    EXPECT_EQ(file.tensors()[0].name, "b.scores");
    EXPECT_EQ(file.tensors()[1].name, "a.topk_idx");
    EXPECT_EQ(file.require("b.scores").shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(file.toDoubles("b.scores"), (std::vector<double>{1.5, -2.25, 3.0, 4.0, 5.0, 6.0}));
    EXPECT_EQ(file.toInt64("a.topk_idx"), (std::vector<std::int64_t>{7, -8, 9}));
    EXPECT_EQ(file.toDoubles("a.topk_idx"), (std::vector<double>{7, -8, 9}));
    EXPECT_EQ(file.toDoubles("scalar"), (std::vector<double>{42.0}));
    EXPECT_EQ(file.metadata().at("model"), "demo");
    EXPECT_EQ(file.find("missing"), nullptr);
    EXPECT_EQ(std::filesystem::directory_iterator(dir.path())->path(), path);  // no temp left
}

TEST(Safetensors, NonAsciiTensorNamesWork) {
    test::ScratchDir dir;
    const auto path = dir / "names.safetensors";
    writeSafetensors(path, {tensorFromDoubles("schicht.ä.注意", {1.0, 2.0}, {2})}, {});
    const TensorFile file = TensorFile::open(path);
    EXPECT_EQ(file.toDoubles("schicht.ä.注意"), (std::vector<double>{1.0, 2.0}));
}

TEST(Safetensors, RequireListsTheAvailableNames) {
    test::ScratchDir dir;
    const auto path = dir / "x.safetensors";
    writeSafetensors(path, {tensorFromDoubles("a", {1}, {1}), tensorFromDoubles("b", {2}, {1})},
                     {});
    const TensorFile file = TensorFile::open(path);
    try {
        file.require("c");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "x.safetensors: c: tensor not found (has: a, b)");
    }
}

TEST(Safetensors, ToInt64RejectsFloatsNamingTheDtype) {
    test::ScratchDir dir;
    const auto path = dir / "trace.safetensors";
    writeSafetensors(path, {tensorFromDoubles("layers.3.topk_idx", {1}, {1})}, {});
    const TensorFile file = TensorFile::open(path);
    try {
        file.toInt64("layers.3.topk_idx");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("trace.safetensors: layers.3.topk_idx: has dtype F64"),
                  std::string::npos);
    }
}

TEST(Safetensors, HalfAndBfloat16ConvertToDoubles) {
    // F16 1.0 = 0x3c00, -2.0 = 0xc000; BF16 1.5 = 0x3fc0.
    const std::string data("\x00\x3c\x00\xc0\xc0\x3f", 6);
    test::ScratchDir dir;
    const auto path = dir / "h.safetensors";
    test::writeBytes(
        path,
        safetensorsBytes(
            R"({"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]}})",
            data));
    const TensorFile file = TensorFile::open(path);
    EXPECT_EQ(file.toDoubles("h"), (std::vector<double>{1.0, -2.0}));
    EXPECT_EQ(file.toDoubles("b"), (std::vector<double>{1.5}));
}

TEST(Safetensors, MalformedInputsNameFileAndTensor) {
    const std::string ok = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    EXPECT_NE(errorOf("").find("t.safetensors: header: file is 0 bytes"), std::string::npos);
    EXPECT_NE(
        errorOf(safetensorsBytes(ok, std::string(8, '\0')).substr(0, 20)).find("runs past the end"),
        std::string::npos);  // truncated
    std::string huge(8, '\xff');
    EXPECT_NE(errorOf(huge + "{}").find("exceeds the limit"), std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes("{\"t\":", "")).find("not valid JSON"), std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes("[1,2]", "")).find("not a JSON object"), std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes(R"({"t":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}})",
                                       std::string(8, '\0')))
                  .find("t.safetensors: t: unsupported dtype \"Q7\""),
              std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes(R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                                       std::string(8, '\0')))
                  .find("t: data_offsets span 8 bytes, expected 12"),
              std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                                       std::string(4, '\0')))
                  .find("outside the data section of 4 bytes"),
              std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes(R"({"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})",
                                       std::string(8, '\0')))
                  .find("not a non-negative integer"),
              std::string::npos);
    EXPECT_NE(
        errorOf(
            safetensorsBytes(
                R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                std::string(12, '\0')))
            .find("t.safetensors: b: data overlaps tensor a"),
        std::string::npos);
    EXPECT_NE(errorOf(safetensorsBytes(R"({"__metadata__":{"k":3}})", "")).find("__metadata__"),
              std::string::npos);
    EXPECT_NE(
        errorOf(safetensorsBytes(
                    R"({"t":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})",
                    std::string(8, '\0')))
            .find("too large"),
        std::string::npos);
}

TEST(Safetensors, WriterRejectsWrongByteCountAndLeavesNothing) {
    test::ScratchDir dir;
    TensorToWrite bad{"t", DType::F32, {3}, std::vector<unsigned char>(8)};
    EXPECT_THROW(writeSafetensors(dir / "bad.safetensors", {bad}, {}), OutputError);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(Safetensors, ToDoublesRefusesTensorsPastTheMemoryLimit) {
    // A sparse file: 2.2 GB of F16 on paper, whose doubles would need 8.8 GB.
    test::ScratchDir dir;
    const auto path = dir / "big.safetensors";
    const std::uint64_t numel = 1'100'000'000;
    const std::string header = R"({"big":{"dtype":"F16","shape":[)" + std::to_string(numel) +
                               R"(],"data_offsets":[0,)" + std::to_string(numel * 2) + "]}}";
    test::writeBytes(path, safetensorsBytes(header, ""));
    std::filesystem::resize_file(path, 8 + header.size() + numel * 2);
    const TensorFile file = TensorFile::open(path);
    try {
        file.toDoubles("big");
        FAIL();
    } catch (const ResourceError& e) {
        EXPECT_NE(std::string(e.what()).find("8800000000 bytes"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace assay::core::io
