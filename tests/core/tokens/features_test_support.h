#pragma once
// Writing patch-feature files for the Token windows tests: values exact in every float dtype
// (multiples of 1/8 below 16 in magnitude, so F16 and BF16 hold them exactly), encoded by hand,
// and the safetensors / .npy files built from them. Other parts' tests may include it.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../io/io_test_util.h"
#include "assay/io/dtype.h"
#include "assay/io/safetensors.h"

namespace assay::core::tokens::test {

using Scratch = io::test::ScratchDir;

// n values k/8 with k from a fixed scramble of the index and seed: |v| < 16.
inline std::vector<double> exactValues(std::size_t n, unsigned seed = 1) {
    std::vector<double> v(n);
    std::uint32_t s = 2654435761u * (seed + 1);
    for (std::size_t i = 0; i < n; ++i) {
        s = s * 1664525u + 1013904223u;
        v[i] = (static_cast<int>((s >> 8) % 255) - 127) / 8.0;
    }
    return v;
}

inline std::uint16_t halfBits(double value) {  // exact for the values above
    const float f = static_cast<float>(value);
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    const std::uint32_t sign = (x >> 16) & 0x8000u;
    if ((x & 0x7fffffffu) == 0) return static_cast<std::uint16_t>(sign);
    const int exp = static_cast<int>((x >> 23) & 0xff) - 127 + 15;
    const std::uint32_t mant = (x >> 13) & 0x3ffu;
    return static_cast<std::uint16_t>(sign | (static_cast<std::uint32_t>(exp) << 10) | mant);
}

inline std::uint16_t bf16Bits(double value) {
    const float f = static_cast<float>(value);
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    return static_cast<std::uint16_t>(x >> 16);
}

inline std::vector<unsigned char> encode(const std::vector<double>& v, io::DType dtype) {
    std::vector<unsigned char> out(v.size() * io::dtypeSize(dtype));
    for (std::size_t i = 0; i < v.size(); ++i) {
        unsigned char* p = out.data() + i * io::dtypeSize(dtype);
        if (dtype == io::DType::F64) {
            std::memcpy(p, &v[i], 8);
        } else if (dtype == io::DType::F32) {
            const float f = static_cast<float>(v[i]);
            std::memcpy(p, &f, 4);
        } else if (dtype == io::DType::F16) {
            const std::uint16_t h = halfBits(v[i]);
            std::memcpy(p, &h, 2);
        } else if (dtype == io::DType::BF16) {
            const std::uint16_t h = bf16Bits(v[i]);
            std::memcpy(p, &h, 2);
        } else if (dtype == io::DType::I32) {
            const auto k = static_cast<std::int32_t>(v[i]);
            std::memcpy(p, &k, 4);
        }
    }
    return out;
}

inline io::TensorToWrite tensor(std::string name, const std::vector<double>& v,
                                std::vector<std::int64_t> shape, io::DType dtype = io::DType::F32) {
    io::TensorToWrite t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.bytes = encode(v, dtype);
    return t;
}

inline void writeFeatures(const std::filesystem::path& path,
                          const std::vector<io::TensorToWrite>& tensors,
                          const std::map<std::string, std::string>& metadata = {}) {
    io::writeSafetensors(path, tensors, metadata);
}

// A little-endian .npy of F32 values with the given shape.
inline void writeNpy(const std::filesystem::path& path, const std::vector<double>& v,
                     const std::vector<std::int64_t>& shape) {
    std::string dims = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        dims += (i ? ", " : "") + std::to_string(shape[i]);
    dims += shape.size() == 1 ? ",)" : ")";
    const std::vector<unsigned char> bytes = encode(v, io::DType::F32);
    io::test::writeBytes(
        path, io::test::npyBytes(1, "<f4", false, dims, std::string(bytes.begin(), bytes.end())));
}

}  // namespace assay::core::tokens::test
