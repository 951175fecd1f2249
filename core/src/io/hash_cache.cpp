// The file-hash cache behind startHash/sha256File (see sha256.h for what it promises).
//
// In the process: one shared_future per file identity, so concurrent callers (a view's load job
// and an export, or the provenance of several results) share one read of the file, and a file
// opened again is not read again. On disk: one small text entry per absolute path, written
// atomically, so a later assay-run on the same unchanged file skips the read too.
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <tuple>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/sha256.h"
#include "sha256_internal.h"

namespace assay::core::io {
namespace {

namespace fs = std::filesystem;

// What identifies one version of a file's contents without reading it. ctime beside mtime:
// a rewrite that restores the old mtime (touch -r, cp -p over it) still changes ctime.
struct Identity {
    std::uint64_t dev = 0, ino = 0;
    std::int64_t size = 0, mtimeNs = 0, ctimeNs = 0;
    auto tie() const { return std::tie(dev, ino, size, mtimeNs, ctimeNs); }
    bool operator<(const Identity& o) const { return tie() < o.tie(); }
    bool operator==(const Identity& o) const { return tie() == o.tie(); }
};

bool identify(const fs::path& path, Identity& id) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    id.dev = static_cast<std::uint64_t>(st.st_dev);
    id.ino = static_cast<std::uint64_t>(st.st_ino);
    id.size = static_cast<std::int64_t>(st.st_size);
    id.mtimeNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    id.ctimeNs = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return true;
}

struct MemoryCache {
    std::mutex mutex;
    std::map<std::pair<std::string, Identity>, std::shared_future<std::string>> entries;
    std::atomic<std::uint64_t> computed{0};
};

// Never destroyed: hashing threads are detached and may outlive main().
MemoryCache& memory() {
    static MemoryCache* cache = new MemoryCache;
    return *cache;
}

constexpr const char* kMagic = "assay-sha256-cache 1";

fs::path diskEntry(const std::string& absolute) {
    const fs::path dir = hashCacheDir();
    if (dir.empty()) return {};
    const auto* p = reinterpret_cast<const unsigned char*>(absolute.data());
    return dir / (sha256Hex(p, absolute.size()) + ".txt");
}

std::string writeIdentity(const Identity& id) {
    std::ostringstream s;
    s << id.dev << ' ' << id.ino << ' ' << id.size << ' ' << id.mtimeNs << ' ' << id.ctimeNs;
    return s.str();
}

// The cached digest when the entry names this path with this identity, else "".
std::string readDisk(const std::string& absolute, const Identity& id) {
    const fs::path entry = diskEntry(absolute);
    if (entry.empty()) return {};
    std::ifstream in(entry);
    std::string magic, path, identity, digest;
    if (!std::getline(in, magic) || !std::getline(in, path) || !std::getline(in, identity) ||
        !std::getline(in, digest))
        return {};
    if (magic != kMagic || path != absolute || identity != writeIdentity(id) ||
        digest.size() != 64 || digest.find_first_not_of("0123456789abcdef") != std::string::npos)
        return {};
    return digest;
}

void writeDisk(const std::string& absolute, const Identity& id, const std::string& digest) {
    try {
        const fs::path entry = diskEntry(absolute);
        if (entry.empty()) return;
        writeFileAtomically(entry, std::string(kMagic) + "\n" + absolute + "\n" +
                                       writeIdentity(id) + "\n" + digest + "\n");
    } catch (const std::exception&) {
        // A read-only or full cache folder only costs the next run a re-read.
    }
}

std::string lookUpOrHash(const std::string& absolute, const fs::path& path, const Identity& id) {
    std::string digest = readDisk(absolute, id);
    if (!digest.empty()) return digest;
    memory().computed.fetch_add(1);
    digest = detail::hashFileContents(path);
    // Changed while it was read: the digest is of no one version, so it is not remembered.
    Identity after;
    if (!identify(path, after) || !(after == id))
        throw InputError(path.string(), "", "changed while it was being hashed");
    writeDisk(absolute, id, digest);
    return digest;
}

}  // namespace

fs::path hashCacheDir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    // The XDG spec: a relative value is invalid and is ignored.
    if (xdg != nullptr && *xdg == '/') return fs::path(xdg) / "assay" / "sha256";
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') return fs::path(home) / ".cache" / "assay" / "sha256";
    return {};
}

std::shared_future<std::string> startHash(const fs::path& path) {
    Identity id;
    if (!identify(path, id)) {
        std::promise<std::string> failed;
        failed.set_exception(std::make_exception_ptr(
            InputError(path.string(), "", "cannot open for hashing: not a readable file")));
        return failed.get_future().share();
    }
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    const std::string absolute = (ec ? path : abs.lexically_normal()).string();
    const auto key = std::make_pair(absolute, id);

    MemoryCache& cache = memory();
    auto promise = std::make_shared<std::promise<std::string>>();
    std::shared_future<std::string> result;
    {
        const std::lock_guard<std::mutex> lock(cache.mutex);
        if (auto it = cache.entries.find(key); it != cache.entries.end()) return it->second;
        result = cache.entries.emplace(key, promise->get_future().share()).first->second;
    }
    auto work = [promise, absolute, path, id, key] {
        try {
            promise->set_value(lookUpOrHash(absolute, path, id));
        } catch (...) {
            // A failure is not cached: the next caller tries again.
            {
                const std::lock_guard<std::mutex> lock(memory().mutex);
                memory().entries.erase(key);
            }
            promise->set_exception(std::current_exception());
        }
    };
    try {
        std::thread(work).detach();
    } catch (const std::system_error&) {
        work();  // no thread to be had: hash here
    }
    return result;
}

std::string sha256File(const fs::path& path) { return startHash(path).get(); }

std::uint64_t fileHashesComputed() { return memory().computed.load(); }

void clearHashMemoryCache() {
    const std::lock_guard<std::mutex> lock(memory().mutex);
    memory().entries.clear();
}

}  // namespace assay::core::io
