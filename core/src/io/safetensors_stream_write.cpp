// Streamed safetensors writing (assay/io/safetensors_stream.h): the header is built as in
// safetensors_write.cpp, the data goes chunk by chunk from borrowed pieces into a temporary
// that is renamed over the target only when everything is on disk.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/safetensors_stream.h"

namespace assay::core::io {
namespace {

namespace fs = std::filesystem;

std::string headerFor(const fs::path& path, const std::vector<TensorSource>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::set<std::string> seen;
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        if (t.name == "__metadata__" || !seen.insert(t.name).second)
            throw OutputError(path.string() + ": " + t.name +
                              ": duplicate or reserved tensor name");
        const auto numel = checkedNumel(t.shape, dtypeSize(t.dtype));
        const std::uint64_t expected =
            numel ? static_cast<std::uint64_t>(*numel) * dtypeSize(t.dtype) : 0;
        std::uint64_t given = 0;
        for (const auto piece : t.pieces) given += piece.size();
        if (!numel || given != expected)
            throw OutputError(path.string() + ": " + t.name + ": has " + std::to_string(given) +
                              " bytes, expected " + std::to_string(expected) +
                              " for its shape and dtype " + dtypeName(t.dtype));
        header[t.name] = {{"dtype", dtypeName(t.dtype)},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + expected}}};
        offset += expected;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // 8-byte aligned data section
    return text;
}

// The whole pages inside [p, p + n) leave this process's resident set.
void releasePages(const char* p, std::size_t n) {
    static const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) / page * page;
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) / page * page;
    if (end > begin)
        ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);  // best effort
}

class TemporaryFile {
public:
    explicit TemporaryFile(const fs::path& target) : m_target(target) {
        const fs::path dir = target.parent_path();
        if (!dir.empty()) createFolders(target, dir);
        removeStaleTemporaries(target);
        m_name = (dir / (temporaryPrefix(target) + std::to_string(::getpid()) + "-XXXXXX")).string();
        m_fd = ::mkstemp(m_name.data());
        if (m_fd < 0) fail("cannot create a temporary file");
        ::fchmod(m_fd, 0644);
    }
    ~TemporaryFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_committed) ::unlink(m_name.c_str());
    }
    void write(const char* p, std::size_t n) {
        while (n > 0) {
            const ssize_t w = ::write(m_fd, p, n);
            if (w < 0) {
                if (errno == EINTR) continue;
                fail("cannot write");
            }
            p += w;
            n -= static_cast<std::size_t>(w);
        }
    }
    void commit() {
        if (::fsync(m_fd) != 0) fail("cannot flush to disk");
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0) fail("cannot close");
        if (std::rename(m_name.c_str(), m_target.c_str()) != 0) fail("cannot replace");
        m_committed = true;
        const fs::path dir = m_target.parent_path();
        const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) {
        throw OutputError(m_target.string() + ": " + what + ": " + std::strerror(errno));
    }
    fs::path m_target;
    std::string m_name;
    int m_fd = -1;
    bool m_committed = false;
};

}  // namespace

void writeSafetensorsStreamed(const fs::path& path, const std::vector<TensorSource>& tensors,
                              const std::map<std::string, std::string>& metadata,
                              const std::function<void(std::size_t)>& afterTensor) {
    const std::string header = headerFor(path, tensors, metadata);
    std::string prefix(8, '\0');
    const std::uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    TemporaryFile out(path);
    out.write(prefix.data(), prefix.size());
    out.write(header.data(), header.size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        for (const std::string_view piece : tensors[i].pieces) {
            for (std::size_t at = 0; at < piece.size(); at += kStreamChunkBytes) {
                const std::size_t len = std::min(kStreamChunkBytes, piece.size() - at);
                out.write(piece.data() + at, len);
                if (tensors[i].mapped) releasePages(piece.data() + at, len);
            }
        }
        if (afterTensor) afterTensor(i);
    }
    out.commit();
}

}  // namespace assay::core::io
