#pragma once
// .npz archives (a zip of .npy files, stored or deflated), read through libzip from memory.
// Internal to core/src/io; the npy fuzzer uses it too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::io::detail {

struct NpzEntry {
    TensorInfo info;                   // name without ".npy"; byteOffset 0 within bytes
    std::vector<unsigned char> bytes;  // C order, native endian (converted if needed)
};

// Throws InputError naming the file and entry; ResourceError if the entries together would
// inflate past maxTotalBytes (checked before inflating, so a zip bomb costs nothing).
std::vector<NpzEntry> readNpz(const unsigned char* data, std::size_t size,
                              const std::string& fileLabel, std::uint64_t maxTotalBytes);

}  // namespace assay::core::io::detail
