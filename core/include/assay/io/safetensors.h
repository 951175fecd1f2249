#pragma once
// The safetensors format (https://github.com/huggingface/safetensors): 8-byte little-endian
// header length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, ...,
// "__metadata__": {string: string}}, then the data section, tensors in C order, little endian.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::io {

// Header larger than this is refused (the reference implementation uses the same bound).
inline constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

struct SafetensorsHeader {
    std::vector<TensorInfo> tensors;  // sorted by byteOffset (= order in the file), then name
    std::map<std::string, std::string> metadata;
    std::uint64_t dataStart = 0;  // 8 + N: where byteOffset 0 lies in the file
};

// Validates everything before any tensor is touched: the header bound, JSON, known dtypes,
// non-negative shapes, offsets inside the data section, length == numel * dtype size, no
// overlaps. Names may be any UTF-8. No I/O. Throws InputError("<fileLabel>: <tensor>: ...").
SafetensorsHeader parseSafetensors(const unsigned char* data, std::size_t size,
                                   const std::string& fileLabel);

struct TensorToWrite {
    std::string name;
    DType dtype = DType::F64;
    std::vector<std::int64_t> shape;
    std::vector<unsigned char> bytes;  // C order, little endian, numel * dtypeSize bytes
};

// Writes atomically (see writeFileAtomically): tensors in the given order, header padded to
// 8 bytes so every tensor is aligned. Throws OutputError on a wrong byte count, a duplicate
// name, or an I/O failure; nothing is left behind then.
void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata);

// F64 / I64 tensors; the shape's product must equal values.size() (else OutputError).
TensorToWrite tensorFromDoubles(std::string name, const std::vector<double>& values,
                                std::vector<std::int64_t> shape);
TensorToWrite tensorFromInt64(std::string name, const std::vector<std::int64_t>& values,
                              std::vector<std::int64_t> shape);

}  // namespace assay::core::io
