#pragma once
// Writing .npz archives (NumPy's savez layout: one "<name>.npy" entry per tensor, format 1.0
// headers, little endian, C order), atomically like writeSafetensors, stored uncompressed so
// TensorFile maps nothing it must inflate twice. OutputError on a duplicate name, a wrong byte
// count or an I/O failure; nothing is left behind then.
#include <filesystem>
#include <vector>

#include "assay/io/safetensors.h"

namespace assay::core::io {

void writeNpz(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors);

}  // namespace assay::core::io
