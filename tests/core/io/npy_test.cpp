#include "assay/io/npy.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstring>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

using test::bigEndianBytes;
using test::npyBytes;

std::vector<double> loadDoubles(const test::ScratchDir& dir, const std::string& bytes) {
    test::writeBytes(dir / "x.npy", bytes);
    return TensorFile::open(dir / "x.npy").toDoubles("x");
}

TEST(Npy, ReadsEveryLittleEndianDtype) {
    test::ScratchDir dir;
    const std::vector<double> expected = {1, -2, 3};
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<f8", false, "(3,)",
                                        test::bytesOf(std::vector<double>{1, -2, 3}))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<f4", false, "(3,)",
                                        test::bytesOf(std::vector<float>{1, -2, 3}))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<f2", false, "(3,)",
                                        std::string("\x00\x3c\x00\xc0\x00\x42", 6))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<i8", false, "(3,)",
                                        test::bytesOf(std::vector<std::int64_t>{1, -2, 3}))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<i4", false, "(3,)",
                                        test::bytesOf(std::vector<std::int32_t>{1, -2, 3}))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<i2", false, "(3,)",
                                        test::bytesOf(std::vector<std::int16_t>{1, -2, 3}))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "|i1", false, "(3,)",
                                        test::bytesOf(std::vector<std::int8_t>{1, -2, 3}))),
              expected);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "|u1", false, "(3,)", std::string("\x01\xfe\x03", 3))),
              (std::vector<double>{1, 254, 3}));
    test::writeBytes(dir / "mask.npy",
                     npyBytes(1, "|b1", false, "(2, 2)", std::string("\x01\x00\x00\x01", 4)));
    const TensorFile mask = TensorFile::open(dir / "mask.npy");
    EXPECT_EQ(mask.tensors()[0].name, "mask");
    EXPECT_EQ(mask.tensors()[0].dtype, DType::Bool);
    EXPECT_EQ(mask.toInt64("mask"), (std::vector<std::int64_t>{1, 0, 0, 1}));
}

TEST(Npy, ReadsBigEndianAndVersions2And3) {
    test::ScratchDir dir;
    EXPECT_EQ(loadDoubles(dir, npyBytes(2, ">f8", false, "(2,)",
                                        bigEndianBytes(std::vector<double>{0.5, -7}))),
              (std::vector<double>{0.5, -7}));
    EXPECT_EQ(loadDoubles(dir, npyBytes(3, ">i4", false, "(2,)",
                                        bigEndianBytes(std::vector<std::int32_t>{70000, -1}))),
              (std::vector<double>{70000, -1}));
    test::writeBytes(dir / "x.npy", npyBytes(1, ">i2", false, "(2,)",
                                             bigEndianBytes(std::vector<std::int16_t>{258, -3})));
    const TensorFile file = TensorFile::open(dir / "x.npy");
    const std::vector<std::int16_t> native = {258, -3};
    EXPECT_EQ(std::memcmp(file.rawData("x"), native.data(), 4), 0);  // rawData is native
}

TEST(Npy, ConvertsFortranOrderToCOrder) {
    test::ScratchDir dir;
    // C order [[1,2,3],[4,5,6]] stored column-major.
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, "<f8", true, "(2, 3)",
                                        test::bytesOf(std::vector<double>{1, 4, 2, 5, 3, 6}))),
              (std::vector<double>{1, 2, 3, 4, 5, 6}));
    // Rank 3, big endian and Fortran together: element (i,j,k) has value 100i + 10j + k.
    std::vector<std::int32_t> fortran;
    for (int k = 0; k < 4; ++k)
        for (int j = 0; j < 3; ++j)
            for (int i = 0; i < 2; ++i) fortran.push_back(100 * i + 10 * j + k);
    std::vector<double> expected;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 4; ++k) expected.push_back(100 * i + 10 * j + k);
    EXPECT_EQ(loadDoubles(dir, npyBytes(1, ">i4", true, "(2, 3, 4)", bigEndianBytes(fortran))),
              expected);
}

TEST(Npy, ScalarAndEmptyShapes) {
    test::ScratchDir dir;
    EXPECT_EQ(
        loadDoubles(dir, npyBytes(1, "<f8", false, "()", test::bytesOf(std::vector<double>{2.5}))),
        (std::vector<double>{2.5}));
    EXPECT_TRUE(loadDoubles(dir, npyBytes(1, "<f8", false, "(0, 3)", "")).empty());
}

std::string npyError(const std::string& bytes) {
    try {
        parseNpy(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), "x.npy");
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Npy, MalformedHeadersNameTheField) {
    const std::string data = test::bytesOf(std::vector<double>{1, 2});
    EXPECT_NE(npyError("").find("x.npy: header: not a .npy file"), std::string::npos);
    EXPECT_NE(
        npyError(npyBytes(1, "<f8", false, "(2,)", data).substr(0, 40)).find("runs past the end"),
        std::string::npos);
    EXPECT_NE(npyError(npyBytes(1, "<f8", false, "(3,)", data))
                  .find("x.npy: data: has 16 bytes, expected 24"),
              std::string::npos);
    EXPECT_NE(npyError(npyBytes(1, "<u4", false, "(4,)", data))
                  .find("x.npy: descr: unsupported dtype '<u4'"),
              std::string::npos);
    EXPECT_NE(npyError(npyBytes(1, "<f8", false, "(-2,)", data)).find("shape"), std::string::npos);
    std::string v9 = npyBytes(1, "<f8", false, "(2,)", data);
    v9[6] = 9;
    EXPECT_NE(npyError(v9).find("version 9 is not supported"), std::string::npos);
    std::string structured = npyBytes(1, "<f8", false, "(2,)", data);
    structured.replace(structured.find("'<f8'"), 5, "[('a', '<f8')]");
    EXPECT_NE(npyError(structured).find("structured dtypes"), std::string::npos);
}

void addEntry(zip_t* archive, const std::string& name, const std::string& bytes, bool deflate) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    ASSERT_NE(source, nullptr);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    ASSERT_GE(index, 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                             deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
}

TEST(Npz, ReadsStoredAndDeflatedEntriesInArchiveOrder) {
    test::ScratchDir dir;
    const auto path = dir / "arrays.npz";
    const std::string a =
        npyBytes(1, "<f8", false, "(2,)", test::bytesOf(std::vector<double>{1, 2}));
    const std::string b =
        npyBytes(1, "<i8", true, "(2, 2)", test::bytesOf(std::vector<std::int64_t>{1, 3, 2, 4}));
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    addEntry(archive, "scores.npy", a, false);
    addEntry(archive, "idx.npy", b, true);
    ASSERT_EQ(zip_close(archive), 0);

    const TensorFile file = TensorFile::open(path);
    ASSERT_EQ(file.tensors().size(), 2u);
    EXPECT_EQ(file.tensors()[0].name, "scores");
    EXPECT_EQ(file.toDoubles("scores"), (std::vector<double>{1, 2}));
    EXPECT_EQ(file.toInt64("idx"), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST(Npz, BadEntryNamesFileAndEntry) {
    test::ScratchDir dir;
    const auto path = dir / "bad.npz";
    const std::string a =
        npyBytes(1, "<f8", false, "(3,)", test::bytesOf(std::vector<double>{1, 2}));
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    addEntry(archive, "short.npy", a, true);
    ASSERT_EQ(zip_close(archive), 0);
    try {
        TensorFile::open(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.npz: short: data: has 16 bytes, expected 24"),
                  std::string::npos)
            << e.what();
    }
    test::writeBytes(dir / "junk.npz", "PK\x03\x04 not really a zip");
    EXPECT_THROW(TensorFile::open(dir / "junk.npz"), InputError);
}

}  // namespace
}  // namespace assay::core::io
