#pragma once
// SHA-256 for provenance: results and figures record the hashes of their inputs.
#include <cstddef>
#include <filesystem>
#include <string>

namespace assay::core::io {

// Lower-case hex digest (64 characters).
std::string sha256Hex(const unsigned char* data, std::size_t size);
// Reads the file in 1 MiB chunks (constant memory, any size). Throws InputError if unreadable.
std::string sha256File(const std::filesystem::path& path);

}  // namespace assay::core::io
