#pragma once
// SHA-256 for provenance: results and figures record the hashes of their inputs.
//
// Digests come from OpenSSL's libcrypto (the CPU's SHA instructions where present, ~1.7 GB/s).
// A file's digest is cached per (path, device, inode, size, mtime, ctime): in the process, and on
// disk under $XDG_CACHE_HOME/assay/sha256 (else ~/.cache/assay/sha256), so that reopening a
// file, in the window or from a later assay-run, does not read it again. A file whose size,
// mtime, ctime or inode changed is hashed again. The disk cache is an optimisation only: when it
// cannot be read or written, hashing goes on without it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <future>
#include <string>

namespace assay::core::io {

// Lower-case hex digest (64 characters) of a buffer.
std::string sha256Hex(const unsigned char* data, std::size_t size);

// Starts hashing the file on its own thread (or finds it in the cache) and returns at once, so a
// command can hash its input while the analysis reads it. Callers asking for the same unchanged
// file share one computation. get() throws InputError when the file cannot be read.
std::shared_future<std::string> startHash(const std::filesystem::path& path);

// startHash(path).get(): streams the file (constant memory, any size). Throws InputError if
// unreadable.
std::string sha256File(const std::filesystem::path& path);

// The folder of the disk cache ($XDG_CACHE_HOME/assay/sha256, else $HOME/.cache/assay/sha256);
// empty when neither variable is set.
std::filesystem::path hashCacheDir();

// For tests and benchmarks: how many times this process has read a file to hash it, and a way
// to forget the in-process cache (the disk cache stays).
std::uint64_t fileHashesComputed();
void clearHashMemoryCache();

}  // namespace assay::core::io
