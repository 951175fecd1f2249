#include "assay/io/chunked_reader.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Every platform Assay ships for (x86-64, arm64) is little endian, as safetensors and the
// native .npy data TensorFile hands out are.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "Assay's tensor I/O assumes little endian");

namespace assay::core::io {
namespace {

template <typename T>
T load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);  // safetensors offsets need not be aligned
    return v;
}

float fromBits(std::uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// IEEE half -> single by moving fields, so every half (NaN payloads too) maps exactly.
float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
    if (exp == 0x1f) return fromBits(sign | 0x7f800000u | (mant << 13));  // inf, NaN
    if (exp != 0) return fromBits(sign | ((exp + 112) << 23) | (mant << 13));
    if (mant == 0) return fromBits(sign);
    // Subnormal mant * 2^-24: shift the leading one up to the implicit bit.
    std::uint32_t shift = 0, m = mant;
    while ((m & 0x400u) == 0) {
        m <<= 1;
        ++shift;
    }
    return fromBits(sign | ((113 - shift) << 23) | ((m & 0x3ffu) << 13));
}

// bfloat16 is the upper half of a float.
float bf16ToFloat(std::uint16_t b) { return fromBits(std::uint32_t{b} << 16); }

#if defined(__x86_64__)
// F16 -> float eight at a time with the F16C instruction (a 1000 x 576 x 1024 fp16 feature stack
// is read this way: ~30x the field-moving loop). F16C quietens signalling NaNs, so a block holding
// any inf/NaN pattern takes the exact loop: the result is the same bits either way.
__attribute__((target("avx,f16c"))) void halvesToFloatF16c(const unsigned char* p,
                                                           std::int64_t count, float* out) {
    const __m128i expMask = _mm_set1_epi16(0x7c00);
    std::int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * i));
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(h, expMask), expMask)) != 0) {
            for (std::int64_t j = i; j < i + 8; ++j)
                out[j] = halfToFloat(load<std::uint16_t>(p + 2 * j));
            continue;
        }
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
    }
    for (; i < count; ++i) out[i] = halfToFloat(load<std::uint16_t>(p + 2 * i));
}

// F16C came with Ivy Bridge / Piledriver, before AVX2 on both vendors, so AVX2 implies it; clang 14
// (the fuzz build) does not know the "f16c" feature name of __builtin_cpu_supports.
bool haveF16c() {
    static const bool ok = __builtin_cpu_supports("avx2");
    return ok;
}
#endif

// One loop per dtype (not a switch per element), stepping by the stored type's size: this is
// the inner loop of every streamed read.
template <typename Stored, typename Out, typename Convert>
void each(const unsigned char* p, std::int64_t count, Out* out, Convert convert) {
    for (std::int64_t i = 0; i < count; ++i, p += sizeof(Stored))
        out[i] = static_cast<Out>(convert(load<Stored>(p)));
}

template <typename Out>
void convertAny(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                Out* out) {
    const unsigned char* p = data + static_cast<std::size_t>(first) * dtypeSize(dtype);
    const auto same = [](auto v) { return v; };
    switch (dtype) {
        case DType::F64:
            return each<double>(p, count, out, same);
        case DType::F32:
            return each<float>(p, count, out, same);
        case DType::F16:
#if defined(__x86_64__)
            if constexpr (std::is_same_v<Out, float>)
                if (haveF16c()) return halvesToFloatF16c(p, count, out);
#endif
            return each<std::uint16_t>(p, count, out, halfToFloat);
        case DType::BF16:
            return each<std::uint16_t>(p, count, out, bf16ToFloat);
        case DType::I64:
            return each<std::int64_t>(p, count, out, same);
        case DType::I32:
            return each<std::int32_t>(p, count, out, same);
        case DType::I16:
            return each<std::int16_t>(p, count, out, same);
        case DType::I8:
            return each<std::int8_t>(p, count, out, same);
        case DType::U8:
            return each<std::uint8_t>(p, count, out, same);
        case DType::Bool:
            return each<std::uint8_t>(p, count, out, [](std::uint8_t v) { return v != 0 ? 1 : 0; });
    }
}

}  // namespace

void convertElements(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                     float* out) {
    convertAny(data, dtype, first, count, out);
}

void convertElements(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                     double* out) {
    convertAny(data, dtype, first, count, out);
}

void convertElements(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                     std::int64_t* out) {
    if (isIntegerOrBool(dtype))
        convertAny(data, dtype, first, count, out);
    else
        std::fill(out, out + count, 0);
}

ChunkedReader::ChunkedReader(const TensorFile& file, const std::string& name)
    : ChunkedReader(file.rawData(name), file.require(name), file.path().filename().string()) {}

ChunkedReader::ChunkedReader(const unsigned char* data, TensorInfo info, std::string label)
    : m_data(data), m_info(std::move(info)), m_label(std::move(label)) {
    m_numel = m_info.numel();
    const std::vector<std::int64_t>& shape = m_info.shape;
    m_cols = shape.size() < 2 ? 1 : shape.back();
    m_rows = 1;
    if (shape.size() == 1) m_rows = shape[0];
    for (std::size_t d = 0; d + 1 < shape.size(); ++d) m_rows *= shape[d];
}

template <typename T>
void ChunkedReader::checkOutput() const {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> ||
                  std::is_same_v<T, std::int64_t>);
    if (std::is_same_v<T, std::int64_t> && !isIntegerOrBool(m_info.dtype))
        throw InputError(m_label, m_info.name,
                         std::string("has dtype ") + dtypeName(m_info.dtype) +
                             ", expected an integer or BOOL type");
}

template <typename T>
void ChunkedReader::readElements(std::int64_t first, std::int64_t count, T* out) const {
    checkOutput<T>();
    if (first < 0 || count < 0 || count > m_numel - first)
        throw ParameterError("elements", "[" + std::to_string(first) + ", +" +
                                             std::to_string(count) + ") is outside " + m_info.name +
                                             "'s " + std::to_string(m_numel) + " elements");
    convertElements(m_data, m_info.dtype, first, count, out);
}

template <typename T>
void ChunkedReader::readRows(std::int64_t firstRow, std::int64_t rows, T* out) const {
    if (firstRow < 0 || rows < 0 || rows > m_rows - firstRow)
        throw ParameterError("rows", "[" + std::to_string(firstRow) + ", +" + std::to_string(rows) +
                                         ") is outside " + m_info.name + "'s " +
                                         std::to_string(m_rows) + " rows");
    readElements(firstRow * m_cols, rows * m_cols, out);
}

template <typename T>
void ChunkedReader::forEachRowChunk(std::int64_t chunkRows, const RowChunkFn<T>& fn) const {
    checkOutput<T>();
    if (chunkRows < 1) throw ParameterError("chunkRows", "must be at least 1");
    const std::int64_t step = std::min(chunkRows, m_rows);  // the buffer never exceeds the tensor
    std::vector<T> buffer(static_cast<std::size_t>(step * m_cols));
    for (std::int64_t first = 0; first < m_rows; first += step) {
        const std::int64_t rows = std::min(step, m_rows - first);
        readRows(first, rows, buffer.data());
        fn(first, rows, buffer.data());
    }
}

template void ChunkedReader::readElements(std::int64_t, std::int64_t, float*) const;
template void ChunkedReader::readElements(std::int64_t, std::int64_t, double*) const;
template void ChunkedReader::readElements(std::int64_t, std::int64_t, std::int64_t*) const;
template void ChunkedReader::readRows(std::int64_t, std::int64_t, float*) const;
template void ChunkedReader::readRows(std::int64_t, std::int64_t, double*) const;
template void ChunkedReader::readRows(std::int64_t, std::int64_t, std::int64_t*) const;
template void ChunkedReader::forEachRowChunk(std::int64_t, const RowChunkFn<float>&) const;
template void ChunkedReader::forEachRowChunk(std::int64_t, const RowChunkFn<double>&) const;
template void ChunkedReader::forEachRowChunk(std::int64_t, const RowChunkFn<std::int64_t>&) const;

}  // namespace assay::core::io
