#pragma once
// Element types of the tensor files Assay reads and writes, and the description of one tensor
// inside a file. Shared by the safetensors, .npy and .npz loaders.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assay::core::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

// Safetensors spelling: "F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL".
const char* dtypeName(DType dtype);
// Bytes per element (1 for Bool).
std::size_t dtypeSize(DType dtype);
// Inverse of dtypeName; nullopt for names Assay does not read (e.g. "U32", "F8_E4M3").
std::optional<DType> dtypeFromName(const std::string& name);
// The comma-separated list of dtypeName()s, for error messages.
std::string knownDtypeNames();
bool isIntegerOrBool(DType dtype);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;  // empty = scalar (one element)
    std::uint64_t byteOffset = 0;     // within the file's data section (safetensors) or buffer
    std::uint64_t byteLength = 0;     // numel() * dtypeSize(dtype)
    std::int64_t numel() const;
};

// Product of the dimensions, or nullopt if a dimension is negative or the product (or the
// product times elementSize) overflows 63 bits. Used by every parser before trusting a shape.
std::optional<std::int64_t> checkedNumel(const std::vector<std::int64_t>& shape,
                                         std::size_t elementSize);

}  // namespace assay::core::io
