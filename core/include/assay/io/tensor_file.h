#pragma once
// One read-only handle for tensor files: safetensors, .npy and .npz.
//
// The format is chosen by extension (.safetensors, .npy, .npz), else by magic bytes.
// Tensor names: safetensors keys; a .npy file holds one tensor named after the file stem;
// an .npz archive holds one tensor per "<name>.npy" entry.
//
// Memory: safetensors and C-order little-endian .npy files are memory-mapped and never copied.
// .npz entries are inflated into buffers the handle owns. Big-endian or Fortran-order .npy
// data is converted once at open() into an owned C-order native buffer. So rawData() is always
// C-order, native (little) endian bytes of the tensor's dtype.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::io {

// toDoubles()/toInt64() refuse to materialise more than this many bytes (ResourceError).
inline constexpr std::uint64_t kMaxMaterializedBytes = 8ULL << 30;

class TensorFile {
public:
    // Throws InputError naming the file (and tensor) for anything malformed or unreadable,
    // ResourceError if an .npz entry would inflate past kMaxMaterializedBytes.
    static TensorFile open(const std::filesystem::path& path);

    TensorFile(TensorFile&&) noexcept;
    TensorFile& operator=(TensorFile&&) noexcept;
    ~TensorFile();

    const std::filesystem::path& path() const;
    // In file order (safetensors: data offset order; npz: archive order).
    const std::vector<TensorInfo>& tensors() const;
    const TensorInfo* find(const std::string& name) const;  // nullptr if absent
    // InputError "file: name: tensor not found (has: a, b, c)".
    const TensorInfo& require(const std::string& name) const;
    // safetensors __metadata__; empty for .npy/.npz.
    const std::map<std::string, std::string>& metadata() const;

    // Any dtype, C order. ResourceError if numel * 8 bytes exceeds kMaxMaterializedBytes.
    std::vector<double> toDoubles(const std::string& name) const;
    // Integer and Bool dtypes only, else InputError "file: name: has dtype F32, expected ...".
    std::vector<std::int64_t> toInt64(const std::string& name) const;
    // byteLength bytes, C order, native endian; valid while this handle lives.
    const unsigned char* rawData(const std::string& name) const;

    struct Impl;  // opaque; public only so the loaders in tensor_file.cpp can fill it

private:
    explicit TensorFile(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace assay::core::io
