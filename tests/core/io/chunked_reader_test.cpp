// ChunkedReader and convertElements: every dtype against references computed here by
// arithmetic on the fields (not by moving bits as the reader does), row ranges and chunks.
#include "assay/io/chunked_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

// value = (-1)^s * (implicit + m / 2^mantBits) * 2^(e - bias), subnormal when e = 0.
double ieeeReference(std::uint32_t bits, int expBits, int mantBits) {
    const std::uint32_t m = bits & ((1u << mantBits) - 1),
                        e = (bits >> mantBits) & ((1u << expBits) - 1);
    const bool negative = (bits >> (expBits + mantBits)) & 1u;
    const int bias = (1 << (expBits - 1)) - 1;
    double v;
    if (e == (1u << expBits) - 1)
        v = m ? std::numeric_limits<double>::quiet_NaN() : INFINITY;
    else if (e == 0)
        v = std::ldexp(static_cast<double>(m), 1 - bias - mantBits);
    else
        v = std::ldexp(static_cast<double>(m + (1u << mantBits)),
                       static_cast<int>(e) - bias - mantBits);
    return negative ? -v : v;
}
double halfReference(std::uint16_t h) { return ieeeReference(h, 5, 10); }
double bf16Reference(std::uint16_t b) { return ieeeReference(b, 8, 7); }

std::uint32_t floatBits(float f) {
    std::uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
}

const unsigned char* bytes(const std::vector<std::uint16_t>& v) {
    return reinterpret_cast<const unsigned char*>(v.data());
}

// All 65536 patterns, to float and to double; NaN must keep its sign and payload.
void expectEveryPatternMatches(DType dtype, double (*reference)(std::uint16_t), int payloadShift) {
    std::vector<std::uint16_t> all(65536);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i);
    std::vector<float> f(all.size());
    std::vector<double> d(all.size());
    convertElements(bytes(all), dtype, 0, 65536, f.data());
    convertElements(bytes(all), dtype, 0, 65536, d.data());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const double ref = reference(all[i]);
        const bool negative = all[i] & 0x8000u;
        ASSERT_EQ(std::signbit(f[i]), negative) << std::hex << i;
        ASSERT_EQ(std::signbit(d[i]), negative) << std::hex << i;
        if (std::isnan(ref)) {
            ASSERT_TRUE(std::isnan(f[i]) && std::isnan(d[i])) << std::hex << i;
            const std::uint32_t payload = (1u << payloadShift) - 1;  // the mantissa field
            ASSERT_EQ((floatBits(f[i]) >> (23 - payloadShift)) & payload, all[i] & payload)
                << std::hex << i;
        } else {
            ASSERT_EQ(f[i], ref) << std::hex << i;
            ASSERT_EQ(d[i], ref) << std::hex << i;
        }
    }
}

TEST(ChunkedReader, EveryHalfPatternConvertsExactly) {
    expectEveryPatternMatches(DType::F16, halfReference, 10);
}
TEST(ChunkedReader, EveryBfloat16PatternConvertsExactly) {
    expectEveryPatternMatches(DType::BF16, bf16Reference, 7);
}

TEST(ChunkedReader, HalfAndBfloat16SpecialValues) {
    const std::vector<std::uint16_t> half = {0x0000, 0x8000, 0x7c00, 0xfc00, 0x0001,
                                             0x03ff, 0x0400, 0x7bff, 0xfbff, 0x7e00};
    std::vector<double> h(half.size());
    convertElements(bytes(half), DType::F16, 0, static_cast<std::int64_t>(half.size()), h.data());
    EXPECT_TRUE(h[0] == 0 && !std::signbit(h[0]));
    EXPECT_TRUE(h[1] == 0 && std::signbit(h[1]));
    EXPECT_EQ(h[2], INFINITY);
    EXPECT_EQ(h[3], -INFINITY);
    EXPECT_EQ(h[4], 5.9604644775390625e-08);  // smallest subnormal, 2^-24
    EXPECT_EQ(h[5], 6.097555160522461e-05);   // largest subnormal
    EXPECT_EQ(h[6], 6.103515625e-05);         // smallest normal, 2^-14
    EXPECT_EQ(h[7], 65504.0);                 // max
    EXPECT_EQ(h[8], -65504.0);
    EXPECT_TRUE(std::isnan(h[9]));
    const std::vector<std::uint16_t> bf = {0x8000, 0x7f80, 0xff80, 0x0001,
                                           0x0080, 0x7f7f, 0x7fc0, 0x3fc0};
    std::vector<float> b(bf.size());
    convertElements(bytes(bf), DType::BF16, 0, static_cast<std::int64_t>(bf.size()), b.data());
    EXPECT_TRUE(b[0] == 0 && std::signbit(b[0]));
    EXPECT_EQ(b[1], INFINITY);
    EXPECT_EQ(b[2], -INFINITY);
    EXPECT_EQ(b[3], 9.183549615799121e-41f);  // smallest subnormal, 2^-133
    EXPECT_EQ(b[4], std::numeric_limits<float>::min());
    EXPECT_EQ(b[5], 3.3895313892515355e38f);  // max
    EXPECT_TRUE(std::isnan(b[6]));
    EXPECT_EQ(b[7], 1.5f);
}

TEST(ChunkedReader, SingleAndDoublePrecision) {
    const float fnan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> f = {0.0f,
                                  -0.0f,
                                  1.5f,
                                  std::numeric_limits<float>::max(),
                                  std::numeric_limits<float>::denorm_min(),
                                  -INFINITY,
                                  fnan};
    std::vector<double> fd(f.size());
    convertElements(reinterpret_cast<const unsigned char*>(f.data()), DType::F32, 0, 7, fd.data());
    for (std::size_t i = 0; i + 1 < f.size(); ++i) {
        EXPECT_EQ(fd[i], static_cast<double>(f[i])) << i;
        EXPECT_EQ(std::signbit(fd[i]), std::signbit(f[i])) << i;
    }
    EXPECT_TRUE(std::isnan(fd[6]));
    const std::vector<double> d = {0.1, 1e300, -1e300, 1e-50, -0.0, 4e-310};
    std::vector<float> df(d.size());
    std::vector<double> dd(d.size());
    convertElements(reinterpret_cast<const unsigned char*>(d.data()), DType::F64, 0, 6, df.data());
    convertElements(reinterpret_cast<const unsigned char*>(d.data()), DType::F64, 0, 6, dd.data());
    EXPECT_EQ(dd, d);
    EXPECT_TRUE(std::signbit(dd[4]));
    EXPECT_EQ(df, (std::vector<float>{0.1f, INFINITY, -INFINITY, 0.0f, -0.0f, 0.0f}));
    EXPECT_TRUE(std::signbit(df[4]));
}

TEST(ChunkedReader, IntegersAndBoolConvertByValue) {
    const std::vector<std::int64_t> i64 = {-(std::int64_t{1} << 40), 5};
    std::vector<double> d(2);
    std::vector<std::int64_t> i(2);
    convertElements(reinterpret_cast<const unsigned char*>(i64.data()), DType::I64, 0, 2, d.data());
    EXPECT_EQ(d, (std::vector<double>{-1099511627776.0, 5}));
    const std::vector<std::int16_t> i16 = {-300, 7};
    convertElements(reinterpret_cast<const unsigned char*>(i16.data()), DType::I16, 0, 2, i.data());
    EXPECT_EQ(i, (std::vector<std::int64_t>{-300, 7}));
    const unsigned char small[] = {0xff, 0x02, 0x00};
    std::vector<float> f(3);
    convertElements(small, DType::I8, 0, 3, f.data());
    EXPECT_EQ(f, (std::vector<float>{-1, 2, 0}));
    convertElements(small, DType::U8, 0, 3, f.data());
    EXPECT_EQ(f, (std::vector<float>{255, 2, 0}));
    convertElements(small, DType::Bool, 1, 2, i.data());
    EXPECT_EQ(i, (std::vector<std::int64_t>{1, 0}));
    const ChunkedReader floats(small, TensorInfo{"x", DType::F16, {1}, 0, 2}, "x.safetensors");
    std::int64_t out = 0;
    EXPECT_THROW(floats.readElements(0, 1, &out), InputError);
}

TEST(ChunkedReader, RowsAreTheLastDimension) {
    const unsigned char none[1] = {0};
    EXPECT_EQ(ChunkedReader(none, TensorInfo{"x", DType::U8, {4, 3, 5}, 0, 60}, "f").rows(), 12);
    EXPECT_EQ(ChunkedReader(none, TensorInfo{"x", DType::U8, {4, 3, 5}, 0, 60}, "f").cols(), 5);
    EXPECT_EQ(ChunkedReader(none, TensorInfo{"x", DType::U8, {9}, 0, 9}, "f").rows(), 9);
    EXPECT_EQ(ChunkedReader(none, TensorInfo{"x", DType::U8, {9}, 0, 9}, "f").cols(), 1);
    EXPECT_EQ(ChunkedReader(none, TensorInfo{"x", DType::U8, {}, 0, 1}, "f").rows(), 1);
    EXPECT_EQ(ChunkedReader(none, TensorInfo{"x", DType::U8, {0, 4}, 0, 0}, "f").rows(), 0);
}

// [4,3,5] BF16 (12 rows of 5) in a safetensors file; chunks of 5 rows: 5, 5, 2.
TEST(ChunkedReader, ChunksThatDoNotDivideTheRowsEqualTheWholeTensor) {
    test::ScratchDir dir;
    std::vector<std::uint16_t> bf(60);
    for (std::size_t i = 0; i < bf.size(); ++i)
        bf[i] = static_cast<std::uint16_t>(0x3f80 + 37 * i);  // 1.0 onwards
    TensorToWrite t{"hidden", DType::BF16, {4, 3, 5}, std::vector<unsigned char>(120)};
    std::memcpy(t.bytes.data(), bf.data(), 120);
    writeSafetensors(dir / "h.safetensors", {t}, {});
    const TensorFile file = TensorFile::open(dir / "h.safetensors");
    const ChunkedReader reader(file, "hidden");
    const std::vector<double> whole = file.toDoubles("hidden");
    for (std::size_t i = 0; i < bf.size(); ++i) ASSERT_EQ(whole[i], bf16Reference(bf[i]));
    std::vector<float> rows(15);
    reader.readRows(7, 3, rows.data());
    for (int i = 0; i < 15; ++i) EXPECT_EQ(rows[i], whole[35 + i]);
    for (std::int64_t chunk : {1, 5, 7, 12, 100}) {
        std::vector<double> joined;
        std::vector<std::int64_t> starts;
        reader.forEachRowChunk<double>(chunk,
                                       [&](std::int64_t first, std::int64_t n, const double* x) {
                                           EXPECT_LE(n, chunk);
                                           starts.push_back(first);
                                           joined.insert(joined.end(), x, x + n * reader.cols());
                                       });
        EXPECT_EQ(joined, whole) << "chunk " << chunk;
        EXPECT_EQ(static_cast<std::int64_t>(starts.size()), (12 + chunk - 1) / chunk);
    }
    EXPECT_THROW(reader.forEachRowChunk<float>(0, [](std::int64_t, std::int64_t, const float*) {}),
                 ParameterError);
    EXPECT_THROW(reader.readRows(10, 3, rows.data()), ParameterError);
    EXPECT_THROW(reader.readElements(-1, 2, rows.data()), ParameterError);
    EXPECT_THROW(ChunkedReader(file, "missing"), InputError);
}

TEST(ChunkedReader, EmptyTensorCallsNothing) {
    const unsigned char none[1] = {0};
    const ChunkedReader empty(none, TensorInfo{"x", DType::F32, {0, 4}, 0, 0}, "f");
    int calls = 0;
    empty.forEachRowChunk<float>(3, [&](std::int64_t, std::int64_t, const float*) { ++calls; });
    EXPECT_EQ(calls, 0);
}

// The loader converts big-endian (and Fortran-order) .npy once at open; the reader sees native.
TEST(ChunkedReader, BigEndianNpyReadsLikeLittleEndian) {
    test::ScratchDir dir;
    const std::vector<float> values = {1.5f, -2.0f, 1e-40f, 65504.0f, -0.0f, 3.25f};
    const std::vector<std::uint16_t> half = {0x3e00, 0xc000, 0x0001, 0x7bff, 0x8000, 0x4a80};
    test::writeBytes(dir / "f4.npy",
                     test::npyBytes(1, ">f4", false, "(2, 3)", test::bigEndianBytes(values)));
    test::writeBytes(dir / "f2.npy",
                     test::npyBytes(1, ">f2", true, "(3, 2)", test::bigEndianBytes(half)));
    const TensorFile f4 = TensorFile::open(dir / "f4.npy");
    std::vector<float> got(6);
    ChunkedReader(f4, "f4").readRows(0, 2, got.data());
    EXPECT_EQ(got, values);
    const TensorFile f2 = TensorFile::open(dir / "f2.npy");
    std::vector<double> c(6);
    ChunkedReader(f2, "f2").readRows(0, 3, c.data());
    // Fortran [3,2]: element (i,j) was stored at j*3 + i.
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j)
            EXPECT_EQ(c[i * 2 + j], halfReference(half[j * 3 + i])) << i << "," << j;
}

}  // namespace
}  // namespace assay::core::io
