#pragma once
// Shared between the digest (sha256_digest.cpp) and its cache (hash_cache.cpp).
#include <filesystem>
#include <string>

namespace assay::core::io::detail {

// Reads the whole file once and returns its hex SHA-256; no cache. Throws InputError.
std::string hashFileContents(const std::filesystem::path& path);

}  // namespace assay::core::io::detail
