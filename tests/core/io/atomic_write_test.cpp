// Atomic writes: missing folders are created (and the reason given when they cannot be), and the
// temporary a killed writer left beside its target is removed by the next write once its pid is
// gone, while the old target survives the crash.
#include "assay/io/atomic_write.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "assay/core/error.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> hiddenFiles(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().front() == '.') names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

// A pid that ran and is gone: a child that exits at once, reaped.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::string errorOf(const fs::path& path) {
    try {
        writeFileAtomically(path, "x");
    } catch (const OutputError& e) {
        return e.what();
    }
    return "";
}

TEST(AtomicWrite, CreatesMissingFolders) {
    test::ScratchDir dir;
    writeFileAtomically(dir / "new" / "dir" / "r.json", "{}");
    EXPECT_EQ(readAll(dir / "new" / "dir" / "r.json"), "{}");
    // Relative to the working directory too.
    const fs::path cwd = fs::current_path();
    fs::current_path(dir.path());
    writePiecesAtomically("a/b/t.bin", {"12", "34"});
    fs::current_path(cwd);
    EXPECT_EQ(readAll(dir / "a" / "b" / "t.bin"), "1234");
}

TEST(AtomicWrite, SaysWhichComponentIsAFile) {
    test::ScratchDir dir;
    test::writeBytes(dir / "notes.txt", "a file");
    const std::string msg = errorOf(dir / "notes.txt" / "out" / "r.json");
    EXPECT_NE(msg.find((dir / "notes.txt").string() + " is a file, not a folder"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("cannot create the folder"), std::string::npos) << msg;
    EXPECT_EQ(readAll(dir / "notes.txt"), "a file");
}

TEST(AtomicWrite, SaysPermissionDenied) {
    if (::geteuid() == 0) GTEST_SKIP() << "root is not refused by permissions";
    test::ScratchDir dir;
    fs::create_directories(dir / "locked");
    ::chmod((dir / "locked").c_str(), 0555);
    std::string msg = errorOf(dir / "locked" / "sub" / "r.json");
    EXPECT_NE(msg.find("cannot create the folder " + (dir / "locked" / "sub").string()),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("Permission denied"), std::string::npos) << msg;
    msg = errorOf(dir / "locked" / "r.json");
    EXPECT_NE(msg.find("cannot create a temporary file in"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Permission denied"), std::string::npos) << msg;
    ::chmod((dir / "locked").c_str(), 0755);
}

TEST(AtomicWrite, RemovesOnlyStaleTemporariesOfItsOwnNaming) {
    test::ScratchDir dir;
    const fs::path out = dir / "r.json";
    writeFileAtomically(out, "old");
    const std::string dead = ".r.json.tmp-" + std::to_string(deadPid()) + "-a1B2c3";
    const std::string live = ".r.json.tmp-" + std::to_string(::getpid()) + "-zzzzzz";
    const std::string init = ".r.json.tmp-1-q9q9q9";  // pid 1 always runs
    const std::string other = ".s.json.tmp-" + std::to_string(deadPid()) + "-a1B2c3";
    const std::string foreign = ".r.json.tmp-notapid";
    for (const std::string& name : {dead, live, init, other, foreign})
        test::writeBytes(dir / name, "partial");
    writeFileAtomically(out, "new");
    EXPECT_EQ(readAll(out), "new");
    std::vector<std::string> kept = {live, init, other, foreign};
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(hiddenFiles(dir.path()), kept);
}

TEST(AtomicWrite, OldFileSurvivesAWriterKilledMidWriteAndItsTemporaryGoesNextTime) {
    test::ScratchDir dir;
    const fs::path out = dir / "r.json";
    writeFileAtomically(out, "old result");
    const pid_t child = ::fork();
    if (child == 0) {
        // The crash: a file-size limit kills the writer with SIGXFSZ half-way through its
        // temporary, as kill -9 would (no handler, no clean-up runs).
        const struct rlimit noCore = {0, 0}, small = {4096, 4096};
        ::setrlimit(RLIMIT_CORE, &noCore);
        ::signal(SIGXFSZ, SIG_DFL);
        ::setrlimit(RLIMIT_FSIZE, &small);
        try {
            writeFileAtomically(out, std::string(1 << 20, 'n'));
        } catch (...) {
        }
        ::_exit(0);  // not reached when the limit kills it
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer was not killed";
    EXPECT_EQ(readAll(out), "old result");
    const std::vector<std::string> left = hiddenFiles(dir.path());
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].rfind(".r.json.tmp-" + std::to_string(child) + "-", 0), 0u) << left[0];

    writeFileAtomically(out, "new result");
    EXPECT_EQ(readAll(out), "new result");
    EXPECT_TRUE(hiddenFiles(dir.path()).empty());
}

}  // namespace
}  // namespace assay::core::io
