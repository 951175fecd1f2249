// writeSafetensorsStreamed writes the same bytes as writeSafetensors (the reference) from
// borrowed pieces, mapped ones included; a throw between tensors leaves nothing.
#include "assay/io/safetensors_stream.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "prune_io_test_util.h"

namespace assay::core::io {
namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(SafetensorsStream, SameBytesAsTheReferenceWriterFromSplitAndMappedPieces) {
    prune::test::Scratch dir;
    std::vector<TensorToWrite> ref;
    ref.push_back(tensorFromDoubles("a", {1, 2, 3, 4, 5, 6}, {2, 3}));
    ref.push_back(tensorFromInt64("b", {7}, {1}));
    ref.push_back({"c", DType::BF16, {3}, {1, 2, 3, 4, 5, 6}});
    writeSafetensors(dir / "ref.safetensors", ref, {{"format", "pt"}});

    std::vector<TensorSource> src;
    const auto view = [](const std::vector<unsigned char>& b, std::size_t from, std::size_t n) {
        return std::string_view(reinterpret_cast<const char*>(b.data()) + from, n);
    };
    src.push_back({"a", DType::F64, {2, 3}, {view(ref[0].bytes, 0, 24), view(ref[0].bytes, 24, 24)}});
    src.push_back({"b", DType::I64, {1}, {view(ref[1].bytes, 0, 8)}});
    src.push_back({"c", DType::BF16, {3}, {view(ref[2].bytes, 0, 1), view(ref[2].bytes, 1, 5)}});
    std::vector<std::size_t> seen;
    writeSafetensorsStreamed(dir / "s.safetensors", src, {{"format", "pt"}},
                             [&](std::size_t i) { seen.push_back(i); });
    EXPECT_EQ(slurp(dir / "s.safetensors"), slurp(dir / "ref.safetensors"));
    EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2}));

    // Copy out of a memory map with its pages released: source and copy still read the same.
    std::vector<unsigned char> big(3 << 20);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<unsigned char>(i * 131 + 7);
    writeSafetensors(dir / "big.safetensors", {{"w", DType::U8, {3, 1 << 20}, big}}, {});
    const TensorFile in = TensorFile::open(dir / "big.safetensors");
    const char* p = reinterpret_cast<const char*>(in.rawData("w"));
    TensorSource mapped{"w", DType::U8, {3, 1 << 20}, {{p, big.size()}}, true};
    writeSafetensorsStreamed(dir / "copy.safetensors", {mapped}, {});
    EXPECT_EQ(slurp(dir / "copy.safetensors"), slurp(dir / "big.safetensors"));
    EXPECT_EQ(std::memcmp(in.rawData("w"), big.data(), big.size()), 0);
}

TEST(SafetensorsStream, ErrorsLeaveNothing) {
    prune::test::Scratch dir;
    const std::vector<unsigned char> bytes(16);
    const std::string_view v(reinterpret_cast<const char*>(bytes.data()), 12);
    EXPECT_THROW(writeSafetensorsStreamed(dir / "x.safetensors", {{"a", DType::F32, {4}, {v}}}, {}),
                 OutputError);
    const std::string_view w(reinterpret_cast<const char*>(bytes.data()), 16);
    EXPECT_THROW(writeSafetensorsStreamed(dir / "x.safetensors",
                                          {{"a", DType::F32, {4}, {w}}, {"a", DType::F32, {4}, {w}}}, {}),
                 OutputError);
    EXPECT_THROW(writeSafetensorsStreamed(dir / "x.safetensors",
                                          {{"a", DType::F32, {4}, {w}}, {"b", DType::F32, {4}, {w}}}, {},
                                          [](std::size_t i) {
                                              if (i == 1) throw std::runtime_error("stop");
                                          }),
                 std::runtime_error);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace assay::core::io
