#include "assay/io/atomic_write.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "assay/core/error.h"

namespace assay::core::io {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& path, const std::string& what, int err) {
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
void syncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

void createFolders(const fs::path& target, const fs::path& dir) {
    // One component at a time, so the message names the component that is in the way.
    fs::path sofar;
    for (const fs::path& part : dir) {
        sofar /= part;
        struct stat st {};
        if (::stat(sofar.c_str(), &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                throw OutputError(target.string() + ": cannot create the folder " + dir.string() +
                                  ": " + sofar.string() + " is a file, not a folder");
            continue;
        }
        if (errno != ENOENT) fail(target, "cannot create the folder " + sofar.string(), errno);
        if (::mkdir(sofar.c_str(), 0777) != 0 && errno != EEXIST)
            fail(target, "cannot create the folder " + sofar.string(), errno);
    }
}

std::string temporaryPrefix(const fs::path& path) {
    return "." + path.filename().string() + ".tmp-";
}

void removeStaleTemporaries(const fs::path& path) {
    const fs::path dir = path.parent_path();
    DIR* d = ::opendir(dir.empty() ? "." : dir.c_str());
    if (d == nullptr) return;
    const std::string prefix = temporaryPrefix(path);
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        // Our naming only: <prefix><pid>-<6 characters from mkstemp>.
        const std::string rest = name.substr(prefix.size());
        const std::size_t dash = rest.find('-');
        if (dash == 0 || dash == std::string::npos || rest.size() != dash + 7 ||
            rest.find_first_not_of("0123456789") != dash)
            continue;
        const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
        if (pid <= 0) continue;
        // ESRCH: no such process, so no writer is left. EPERM: it runs (as someone else): keep.
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            ::unlink((dir / name).c_str());
    }
    ::closedir(d);
}

void writePiecesAtomically(const fs::path& path, const std::vector<std::string_view>& pieces) {
    const fs::path dir = path.parent_path();
    if (!dir.empty()) createFolders(path, dir);
    // What a writer killed before its rename left behind (kill -9, power cut).
    removeStaleTemporaries(path);
    // Same directory as the target, so the final rename never crosses filesystems. The pid in the
    // name says whose it is: a later writer removes it once that process is gone.
    std::string tmpl =
        (dir / (temporaryPrefix(path) + std::to_string(::getpid()) + "-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        fail(path,
             "cannot create a temporary file in " + (dir.empty() ? std::string(".") : dir.string()),
             errno);
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

void writeFileAtomically(const fs::path& path, const std::string& bytes) {
    writePiecesAtomically(path, {std::string_view(bytes)});
}

}  // namespace assay::core::io
