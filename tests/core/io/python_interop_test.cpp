// Files written by NumPy itself (Debian's /usr/bin/python3) and by the copy-in writer
// resources/python/assay_safetensors.py must open in TensorFile with the same values.
#include <gtest/gtest.h>

#include <cstdlib>

#include "assay/io/tensor_file.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

bool pythonHasNumpy() {
    return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

void runPython(const test::ScratchDir& dir, const std::string& body) {
    const auto script = dir / "snippet.py";
    test::writeBytes(script, "import sys\nsys.path.insert(0, '" ASSAY_SOURCE_DIR
                             "/resources/python')\n"
                             "import numpy as np\nout = sys.argv[1]\n" +
                                 body);
    const std::string command =
        "/usr/bin/python3 '" + script.string() + "' '" + dir.path().string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(PythonInterop, CopyInWriterRoundTripsThroughTensorFile) {
    if (!pythonHasNumpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
    test::ScratchDir dir;
    runPython(dir, R"(
from assay_safetensors import save_file
save_file({
    "f32": np.array([[1.5, -2.0], [3.25, 4.0]], dtype=np.float32),
    "f64": np.arange(6, dtype=np.float64).reshape(2, 3)[:, ::-1],
    "i64": np.array([-5, 0, 2**40], dtype=np.int64),
    "mask": np.array([True, False, True]),
    "f16": np.array([0.5, -1.0], dtype=np.float16),
    "be": np.array([7.0, 8.0], dtype=">f8"),
}, out + "/w.safetensors", metadata={"model": "tiny", "layers": 2})
)");
    const TensorFile file = TensorFile::open(dir / "w.safetensors");
    EXPECT_EQ(file.metadata().at("model"), "tiny");
    EXPECT_EQ(file.metadata().at("layers"), "2");
    EXPECT_EQ(file.require("f32").shape, (std::vector<std::int64_t>{2, 2}));
    EXPECT_EQ(file.require("f32").dtype, DType::F32);
    EXPECT_EQ(file.toDoubles("f32"), (std::vector<double>{1.5, -2.0, 3.25, 4.0}));
    EXPECT_EQ(file.toDoubles("f64"), (std::vector<double>{2, 1, 0, 5, 4, 3}));
    EXPECT_EQ(file.toInt64("i64"), (std::vector<std::int64_t>{-5, 0, std::int64_t{1} << 40}));
    EXPECT_EQ(file.require("mask").dtype, DType::Bool);
    EXPECT_EQ(file.toInt64("mask"), (std::vector<std::int64_t>{1, 0, 1}));
    EXPECT_EQ(file.toDoubles("f16"), (std::vector<double>{0.5, -1.0}));
    EXPECT_EQ(file.toDoubles("be"), (std::vector<double>{7.0, 8.0}));
}

TEST(PythonInterop, NumpySaveAndSavezCompressedOpen) {
    if (!pythonHasNumpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
    test::ScratchDir dir;
    runPython(dir, R"(
a = np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4))
np.save(out + "/fortran.npy", a)
np.save(out + "/big.npy", np.array([1.25, -3.5], dtype=">f4"))
np.savez_compressed(out + "/pack.npz", hidden=np.arange(6.0).reshape(2, 3),
                    labels=np.array([1, 0], dtype=np.int8), fort=a.astype(">i2"))
np.savez(out + "/stored.npz", x=np.array([3.0]))
)");
    std::vector<double> counting(12);
    for (int i = 0; i < 12; ++i) counting[i] = i;
    EXPECT_EQ(TensorFile::open(dir / "fortran.npy").toDoubles("fortran"), counting);
    EXPECT_EQ(TensorFile::open(dir / "big.npy").toDoubles("big"),
              (std::vector<double>{1.25, -3.5}));
    const TensorFile pack = TensorFile::open(dir / "pack.npz");
    ASSERT_NE(pack.find("hidden"), nullptr);
    EXPECT_EQ(pack.require("hidden").shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(pack.toDoubles("hidden"), (std::vector<double>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(pack.toInt64("labels"), (std::vector<std::int64_t>{1, 0}));
    EXPECT_EQ(pack.toDoubles("fort"), counting);
    EXPECT_EQ(TensorFile::open(dir / "stored.npz").toDoubles("x"), (std::vector<double>{3.0}));
}

}  // namespace
}  // namespace assay::core::io
