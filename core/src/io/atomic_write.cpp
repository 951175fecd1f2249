#include "assay/io/atomic_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "assay/core/error.h"

namespace assay::core::io {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
    throw OutputError(path.string() + ": " + what + ": " + std::strerror(err));
}

bool writeAll(int fd, std::string_view piece) {
    const char* p = piece.data();
    std::size_t left = piece.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

// Makes the rename itself durable; failure here is not fatal (some filesystems refuse it).
void syncDirectory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

void writePiecesAtomically(const std::filesystem::path& path,
                           const std::vector<std::string_view>& pieces) {
    const std::filesystem::path dir = path.parent_path();
    // Same directory as the target, so the final rename never crosses filesystems.
    std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) fail(path, "cannot create a temporary file in its directory", errno);
    auto abandon = [&](const std::string& what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        fail(path, what, err);
    };
    // mkstemp creates 0600; results are meant to be shared like any other file.
    ::fchmod(fd, 0644);
    for (std::string_view piece : pieces) {
        if (!writeAll(fd, piece)) abandon("cannot write");
    }
    if (::fsync(fd) != 0) abandon("cannot flush to disk");
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        fail(path, "cannot close", err);
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        fail(path, "cannot replace", err);
    }
    syncDirectory(dir);
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes) {
    writePiecesAtomically(path, {std::string_view(bytes)});
}

}  // namespace assay::core::io
