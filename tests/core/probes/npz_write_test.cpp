// io::writeNpz: archives read back by TensorFile (every NumPy dtype, scalar and empty shapes) and
// by NumPy itself (Debian's /usr/bin/python3) with the same values; refusals leave nothing.
#include "assay/io/npz_write.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "probe_io_test_util.h"

namespace assay::core::io {
namespace {

using core::test::messageOf;

std::vector<TensorToWrite> sample() {
    std::vector<TensorToWrite> t;
    t.push_back(tensorFromDoubles("weights", {1.5, -2.25, 3, 4, 5, 6.125}, {2, 3}));
    t.push_back(tensorFromInt64("layer_index", {3, 7, 1LL << 40}, {3}));
    t.push_back(probes::test::tensor("half", {0.5, -1.0, 2.0, 8.0}, {2, 2}, DType::F16));
    t.push_back(probes::test::tensor("single", {0.25}, {}, DType::F32));  // a scalar
    t.push_back(probes::test::intTensor("mask", {1, 0, 1}, DType::Bool));
    t.push_back(probes::test::intTensor("bytes", {200, 1}, DType::U8));
    t.push_back(probes::test::intTensor("i32", {-7, 9}, DType::I32));
    t.push_back(tensorFromDoubles("empty", {}, {0, 4}));
    return t;
}

TEST(WriteNpz, TensorFileReadsEveryTensorBack) {
    probes::test::Scratch dir;
    writeNpz(dir / "a.npz", sample());
    const TensorFile f = TensorFile::open(dir / "a.npz");
    ASSERT_EQ(f.tensors().size(), 8u);
    EXPECT_EQ(f.tensors()[0].name, "weights");  // archive order = given order
    EXPECT_EQ(f.require("weights").shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(f.toDoubles("weights"), (std::vector<double>{1.5, -2.25, 3, 4, 5, 6.125}));
    EXPECT_EQ(f.toInt64("layer_index"), (std::vector<std::int64_t>{3, 7, 1LL << 40}));
    EXPECT_EQ(f.require("half").dtype, DType::F16);
    EXPECT_EQ(f.toDoubles("half"), (std::vector<double>{0.5, -1.0, 2.0, 8.0}));
    EXPECT_TRUE(f.require("single").shape.empty());
    EXPECT_EQ(f.toDoubles("single"), (std::vector<double>{0.25}));
    EXPECT_EQ(f.require("mask").dtype, DType::Bool);
    EXPECT_EQ(f.toInt64("mask"), (std::vector<std::int64_t>{1, 0, 1}));
    EXPECT_EQ(f.toInt64("bytes"), (std::vector<std::int64_t>{200, 1}));
    EXPECT_EQ(f.toInt64("i32"), (std::vector<std::int64_t>{-7, 9}));
    EXPECT_EQ(f.require("empty").shape, (std::vector<std::int64_t>{0, 4}));
    // Same tensors, same bytes (no timestamps).
    writeNpz(dir / "b.npz", sample());
    auto bytes = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_EQ(bytes(dir / "a.npz"), bytes(dir / "b.npz"));
}

TEST(WriteNpz, NumpyLoadsTheArchive) {
    if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 has no numpy";
    probes::test::Scratch dir;
    writeNpz(dir / "a.npz", sample());
    const std::string script = R"(
import sys, zipfile, numpy as np
z = np.load(sys.argv[1])
assert sorted(z.files) == sorted(['weights', 'layer_index', 'half', 'single', 'mask', 'bytes', 'i32', 'empty']), z.files
assert z['weights'].dtype == np.float64 and z['weights'].shape == (2, 3)
assert (z['weights'] == np.array([[1.5, -2.25, 3], [4, 5, 6.125]])).all()
assert (z['layer_index'] == np.array([3, 7, 2**40])).all()
assert z['half'].dtype == np.float16 and (z['half'] == np.array([[0.5, -1], [2, 8]])).all()
assert z['single'].shape == () and z['single'] == 0.25
assert z['mask'].dtype == np.bool_ and list(z['mask']) == [True, False, True]
assert z['bytes'].dtype == np.uint8 and list(z['bytes']) == [200, 1]
assert list(z['i32']) == [-7, 9] and z['empty'].shape == (0, 4)
assert zipfile.ZipFile(sys.argv[1]).testzip() is None  # CRCs agree
)";
    test::writeBytes(dir / "check.py", script);
    const std::string command =
        "/usr/bin/python3 '" + (dir / "check.py").string() + "' '" + (dir / "a.npz").string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(WriteNpz, RefusalsLeaveNothing) {
    probes::test::Scratch dir;
    auto dup = sample();
    dup.push_back(tensorFromDoubles("weights", {1}, {1}));
    EXPECT_NE(messageOf<OutputError>([&] {
                  writeNpz(dir / "d.npz", dup);
              }).find("weights: duplicate tensor name"),
              std::string::npos);
    auto shortBytes = sample();
    shortBytes[0].bytes.pop_back();
    EXPECT_THROW(writeNpz(dir / "d.npz", shortBytes), OutputError);
    const std::vector<TensorToWrite> bf16 = {probes::test::tensor("b", {1.0}, {1}, DType::BF16)};
    EXPECT_NE(messageOf<OutputError>([&] { writeNpz(dir / "d.npz", bf16); }).find("BF16"),
              std::string::npos);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace assay::core::io
