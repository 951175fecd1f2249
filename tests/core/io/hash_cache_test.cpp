// File hashing through libcrypto and its cache: digests equal coreutils' sha256sum, an unchanged
// file is not read again (in the process, and from the disk cache in $XDG_CACHE_HOME/assay), a
// changed one is, and concurrent callers share one read.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/sha256.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

namespace fs = std::filesystem;

// Pseudo-random bytes (not a repeating pattern, so a chunking bug shows).
std::string randomBytes(std::size_t n, std::uint64_t seed) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        s[i] = static_cast<char>(seed >> 56);
    }
    return s;
}

std::string coreutilsSha256(const fs::path& file) {
    const std::string cmd = "/usr/bin/sha256sum '" + file.string() + "'";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return {};
    char buf[128] = {};
    const std::size_t got = std::fread(buf, 1, 64, pipe);
    pclose(pipe);
    return std::string(buf, got);
}

// Points the disk cache at a scratch folder for the test's duration.
class CacheHome {
public:
    explicit CacheHome(const fs::path& dir) {
        if (const char* old = std::getenv("XDG_CACHE_HOME")) m_old = old;
        ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    }
    ~CacheHome() {
        if (m_old.empty())
            ::unsetenv("XDG_CACHE_HOME");
        else
            ::setenv("XDG_CACHE_HOME", m_old.c_str(), 1);
    }

private:
    std::string m_old;
};

void setMtime(const fs::path& p, long seconds) {
    const struct timespec t[2] = {{seconds, 0}, {seconds, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, p.c_str(), t, 0), 0);
}

TEST(Sha256File, MultiMegabyteFileMatchesSha256sum) {
    test::ScratchDir dir;
    CacheHome home(dir / "cache");
    // Not a multiple of any buffer size: 9 MiB + 1234 bytes.
    test::writeBytes(dir / "big.bin", randomBytes((std::size_t{9} << 20) + 1234, 7));
    test::writeBytes(dir / "empty.bin", "");
    test::writeBytes(dir / "abc.txt", "abc");
    for (const char* name : {"big.bin", "empty.bin", "abc.txt"}) {
        const std::string expected = coreutilsSha256(dir / name);
        ASSERT_EQ(expected.size(), 64u) << name;
        EXPECT_EQ(sha256File(dir / name), expected) << name;
    }
    const std::string content = randomBytes(100000, 3);
    test::writeBytes(dir / "buf.bin", content);
    EXPECT_EQ(sha256Hex(reinterpret_cast<const unsigned char*>(content.data()), content.size()),
              coreutilsSha256(dir / "buf.bin"));
}

TEST(Sha256File, UnchangedFileIsReadOnceInTheProcessAndFromDiskAfter) {
    test::ScratchDir dir;
    CacheHome home(dir / "cache");
    const fs::path f = dir / "trace.bin";
    test::writeBytes(f, randomBytes(3 << 20, 11));
    const std::uint64_t before = fileHashesComputed();
    const std::string first = sha256File(f);
    EXPECT_EQ(fileHashesComputed(), before + 1);
    EXPECT_EQ(sha256File(f), first);
    EXPECT_EQ(fileHashesComputed(), before + 1) << "second call in the process read the file";

    // A new process (simulated by forgetting the in-process cache) finds it on disk.
    clearHashMemoryCache();
    EXPECT_EQ(sha256File(f), first);
    EXPECT_EQ(fileHashesComputed(), before + 1) << "the disk cache was not used";
    EXPECT_FALSE(fs::is_empty(dir / "cache" / "assay" / "sha256"));
}

TEST(Sha256File, ChangedFileIsHashedAgain) {
    test::ScratchDir dir;
    CacheHome home(dir / "cache");
    const fs::path f = dir / "scores.csv";
    const std::string a = randomBytes(1 << 20, 1), b = randomBytes(1 << 20, 2);
    test::writeBytes(f, a);
    setMtime(f, 1000000000);
    const std::string digestA = sha256File(f);
    const std::uint64_t afterFirst = fileHashesComputed();

    // Same contents, new mtime: read again (and still the same digest).
    setMtime(f, 1000000100);
    EXPECT_EQ(sha256File(f), digestA);
    EXPECT_EQ(fileHashesComputed(), afterFirst + 1);

    // New contents of the same size, old mtime put back: ctime still tells it changed (after a
    // pause longer than the kernel's timestamp tick).
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    test::writeBytes(f, b);
    setMtime(f, 1000000100);
    clearHashMemoryCache();
    EXPECT_EQ(sha256File(f), coreutilsSha256(f));
    EXPECT_NE(sha256File(f), digestA);
    EXPECT_EQ(fileHashesComputed(), afterFirst + 2);

    // Replaced by another file (new inode) of the same size and mtime.
    test::writeBytes(dir / "other.csv", a);
    setMtime(dir / "other.csv", 1000000100);
    fs::rename(dir / "other.csv", f);
    EXPECT_EQ(sha256File(f), digestA);
    EXPECT_EQ(fileHashesComputed(), afterFirst + 3);
}

TEST(Sha256File, CacheFolderFollowsXdgCacheHomeElseHome) {
    test::ScratchDir dir;
    {
        CacheHome home(dir / "xdg");
        EXPECT_EQ(hashCacheDir(), dir / "xdg" / "assay" / "sha256");
        test::writeBytes(dir / "f.bin", "contents");
        sha256File(dir / "f.bin");
        EXPECT_EQ(std::distance(fs::directory_iterator(dir / "xdg" / "assay" / "sha256"),
                                fs::directory_iterator()),
                  1);
    }
    const std::string oldHome = std::getenv("HOME") ? std::getenv("HOME") : "";
    const char* oldXdg = std::getenv("XDG_CACHE_HOME");
    const std::string keepXdg = oldXdg ? oldXdg : "";
    ::unsetenv("XDG_CACHE_HOME");
    ::setenv("HOME", (dir / "home").c_str(), 1);
    EXPECT_EQ(hashCacheDir(), dir / "home" / ".cache" / "assay" / "sha256");
    ::setenv("XDG_CACHE_HOME", "relative/ignored", 1);  // the XDG spec: only absolute paths
    EXPECT_EQ(hashCacheDir(), dir / "home" / ".cache" / "assay" / "sha256");
    ::setenv("HOME", oldHome.c_str(), 1);
    if (oldXdg)
        ::setenv("XDG_CACHE_HOME", keepXdg.c_str(), 1);
    else
        ::unsetenv("XDG_CACHE_HOME");
}

TEST(Sha256File, ConcurrentCallersShareOneRead) {
    test::ScratchDir dir;
    CacheHome home(dir / "cache");
    const fs::path f = dir / "big.bin";
    test::writeBytes(f, randomBytes(16 << 20, 5));
    const std::uint64_t before = fileHashesComputed();
    std::vector<std::string> digests(8);
    std::vector<std::thread> callers;
    for (std::size_t i = 0; i < digests.size(); ++i)
        callers.emplace_back([&, i] { digests[i] = startHash(f).get(); });
    for (std::thread& t : callers) t.join();
    EXPECT_EQ(fileHashesComputed(), before + 1);
    const std::string expected = coreutilsSha256(f);
    for (const std::string& d : digests) EXPECT_EQ(d, expected);
}

TEST(Sha256File, UnreadableFileThrowsInputErrorAndIsNotCached) {
    test::ScratchDir dir;
    CacheHome home(dir / "cache");
    EXPECT_THROW(sha256File(dir / "missing.bin"), InputError);
    test::writeBytes(dir / "missing.bin", "now here");
    EXPECT_EQ(sha256File(dir / "missing.bin"), coreutilsSha256(dir / "missing.bin"));
}

TEST(Sha256File, CorruptDiskEntryIsIgnored) {
    test::ScratchDir dir;
    CacheHome home(dir / "cache");
    const fs::path f = dir / "f.bin";
    test::writeBytes(f, randomBytes(5000, 9));
    const std::string digest = sha256File(f);
    for (const auto& e : fs::directory_iterator(dir / "cache" / "assay" / "sha256")) {
        std::string text;
        {
            std::ifstream in(e.path());
            text.assign(std::istreambuf_iterator<char>(in), {});
        }
        const std::size_t at = text.rfind(digest);
        ASSERT_NE(at, std::string::npos);
        text.replace(at, 64, std::string(64, '0'));  // a wrong digest of the right shape
        std::ofstream(e.path()) << text.substr(0, text.size() - 10);  // and truncated
    }
    clearHashMemoryCache();
    EXPECT_EQ(sha256File(f), digest);
}

}  // namespace
}  // namespace assay::core::io
