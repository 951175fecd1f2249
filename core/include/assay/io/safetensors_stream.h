#pragma once
// Writing safetensors whose tensor data is borrowed (a memory map of another file, a small
// buffer) rather than held in TensorToWrite::bytes: the bytes go from the source to the file in
// bounded chunks, so copying a multi-gigabyte shard needs no buffer of its size. Same file
// layout as writeSafetensors (header padded to 8 bytes, tensors in the given order), same
// atomicity (a temporary in the target's folder, fsync, rename; nothing left on failure).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::io {

struct TensorSource {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    // The tensor's bytes, in order (several pieces, e.g. the kept rows of a matrix); together
    // numel * dtypeSize bytes. Borrowed: must stay valid during the write.
    std::vector<std::string_view> pieces;
    // The pieces lie in a read-only file mapping (MappedFile): once written, their whole pages
    // are dropped from this process (madvise MADV_DONTNEED; they are read again from the file
    // if touched), so the resident size stays near one chunk. Never set for heap memory.
    bool mapped = false;
};

// afterTensor(i) runs after tensor i is written (progress, cancellation): whatever it throws
// abandons the file (the temporary is removed) and propagates. OutputError on a wrong byte
// count, a duplicate name, or an I/O failure.
void writeSafetensorsStreamed(const std::filesystem::path& path,
                              const std::vector<TensorSource>& tensors,
                              const std::map<std::string, std::string>& metadata,
                              const std::function<void(std::size_t)>& afterTensor = {});

// Bytes of one write() call (and of one release of mapped pages).
inline constexpr std::size_t kStreamChunkBytes = 64u << 20;

}  // namespace assay::core::io
