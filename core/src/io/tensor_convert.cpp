#include "tensor_convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>

// Every platform Assay ships for (x86-64, arm64) is little endian; safetensors and the
// accepted .npy data are then native after conversion.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "Assay's tensor I/O assumes little endian");

namespace assay::core::io::detail {
namespace {

template <typename T>
T load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);  // safetensors offsets need not be aligned
    return v;
}

float halfToFloat(std::uint16_t h) {
    const int sign = (h >> 15) & 1;
    const int exponent = (h >> 10) & 0x1f;
    const int mantissa = h & 0x3ff;
    float value;
    if (exponent == 0) {
        value = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal
    } else if (exponent == 31) {
        value = mantissa == 0 ? INFINITY : NAN;
    } else {
        value = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
    }
    return sign ? -value : value;
}

float bfloat16ToFloat(std::uint16_t b) {
    const std::uint32_t bits = std::uint32_t{b} << 16;
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

}  // namespace

void toNativeCOrder(const unsigned char* src, unsigned char* dst, std::size_t elementSize,
                    const std::vector<std::int64_t>& shape, bool bigEndian, bool fortranOrder) {
    std::size_t numel = 1;
    for (auto d : shape) numel *= static_cast<std::size_t>(d);
    if (numel == 0) return;
    if (!fortranOrder || shape.size() < 2) {
        std::memcpy(dst, src, numel * elementSize);
    } else {
        // Walk the C-order destination with an odometer over the index; the Fortran offset of
        // that index is sum(i_k * stride_k) with strides growing from the first axis.
        const std::size_t rank = shape.size();
        std::vector<std::size_t> fortranStride(rank), index(rank, 0);
        std::size_t stride = 1;
        for (std::size_t k = 0; k < rank; ++k) {
            fortranStride[k] = stride;
            stride *= static_cast<std::size_t>(shape[k]);
        }
        std::size_t srcElement = 0;
        for (std::size_t c = 0; c < numel; ++c) {
            std::memcpy(dst + c * elementSize, src + srcElement * elementSize, elementSize);
            for (std::size_t k = rank; k-- > 0;) {
                srcElement += fortranStride[k];
                if (++index[k] < static_cast<std::size_t>(shape[k])) break;
                srcElement -= fortranStride[k] * index[k];
                index[k] = 0;
            }
        }
    }
    if (bigEndian && elementSize > 1) {
        for (std::size_t i = 0; i < numel; ++i) {
            std::reverse(dst + i * elementSize, dst + (i + 1) * elementSize);
        }
    }
}

void convertToDoubles(const unsigned char* src, DType dtype, std::size_t numel, double* out) {
    const std::size_t size = dtypeSize(dtype);
    for (std::size_t i = 0; i < numel; ++i) {
        const unsigned char* p = src + i * size;
        switch (dtype) {
            case DType::F64:
                out[i] = load<double>(p);
                break;
            case DType::F32:
                out[i] = load<float>(p);
                break;
            case DType::F16:
                out[i] = halfToFloat(load<std::uint16_t>(p));
                break;
            case DType::BF16:
                out[i] = bfloat16ToFloat(load<std::uint16_t>(p));
                break;
            case DType::I64:
                out[i] = static_cast<double>(load<std::int64_t>(p));
                break;
            case DType::I32:
                out[i] = load<std::int32_t>(p);
                break;
            case DType::I16:
                out[i] = load<std::int16_t>(p);
                break;
            case DType::I8:
                out[i] = static_cast<std::int8_t>(*p);
                break;
            case DType::U8:
                out[i] = *p;
                break;
            case DType::Bool:
                out[i] = *p != 0 ? 1.0 : 0.0;
                break;
        }
    }
}

void convertToInt64(const unsigned char* src, DType dtype, std::size_t numel, std::int64_t* out) {
    const std::size_t size = dtypeSize(dtype);
    for (std::size_t i = 0; i < numel; ++i) {
        const unsigned char* p = src + i * size;
        switch (dtype) {
            case DType::I64:
                out[i] = load<std::int64_t>(p);
                break;
            case DType::I32:
                out[i] = load<std::int32_t>(p);
                break;
            case DType::I16:
                out[i] = load<std::int16_t>(p);
                break;
            case DType::I8:
                out[i] = static_cast<std::int8_t>(*p);
                break;
            case DType::U8:
                out[i] = *p;
                break;
            case DType::Bool:
                out[i] = *p != 0 ? 1 : 0;
                break;
            default:
                out[i] = 0;
                break;  // callers check isIntegerOrBool first
        }
    }
}

}  // namespace assay::core::io::detail
