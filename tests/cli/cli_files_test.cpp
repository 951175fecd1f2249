// assay-run and the files around a result: missing folders created (and why not, when not), a
// killed writer's temporary cleared by the next run while the old result survives, the input's
// hash from the cache folder, and LibTorch loaded only by the commands that use it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Result {
    int code;
    bool signalled;
    std::string output;
};

// Runs `sh -c "<prefix> assay-run <args>"`, stdout and stderr together.
Result runShell(const std::string& prefix, const std::string& args) {
    const std::string cmd = prefix + " " + ASSAY_RUN_EXE + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = pclose(pipe);
    // Killed by a signal: the shell itself (after exec), or its child (exit status 128 + s).
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return {code, WIFSIGNALED(status) || code > 128, out};
}

Result run(const std::string& args) { return runShell("", args); }

class Scratch {
public:
    Scratch() {
        static int counter = 0;
        m_dir = fs::temp_directory_path() /
                ("assay_cli_files_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    ~Scratch() { fs::remove_all(m_dir); }
    fs::path operator/(const std::string& s) const { return m_dir / s; }
    const fs::path& path() const { return m_dir; }

private:
    fs::path m_dir;
};

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> hidden(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string()[0] == '.') names.push_back(e.path().filename());
    return names;
}

TEST(CliFiles, MoeDemoCreatesMissingFolders) {
    Scratch s;
    const fs::path out = s / "new" / "dir" / "t.safetensors";
    const Result r = run("moe-demo --steps 2 --tokens 64 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(fs::is_regular_file(out));
    const Result c = run("conformal --demo --out " + (s / "a" / "b" / "r.json").string());
    ASSERT_EQ(c.code, 0) << c.output;
    EXPECT_TRUE(fs::is_regular_file(s / "a" / "b" / "r.json"));
}

TEST(CliFiles, SaysWhyAFolderCannotBeCreated) {
    Scratch s;
    std::ofstream(s / "notes.txt") << "a file";
    const Result r = run("conformal --demo --out " + (s / "notes.txt" / "r.json").string());
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find((s / "notes.txt").string() + " is a file, not a folder"),
              std::string::npos)
        << r.output;
    const Result m = run("moe-demo --steps 1 --tokens 16 --out " +
                         (s / "notes.txt" / "sub" / "t.safetensors").string());
    EXPECT_EQ(m.code, 2) << m.output;
    EXPECT_NE(m.output.find("is a file, not a folder"), std::string::npos) << m.output;
}

TEST(CliFiles, KilledConformalLeavesTheOldResultAndTheNextRunClearsItsTemporary) {
    Scratch s;
    const fs::path out = s / "r.json";
    ASSERT_EQ(run("conformal --demo --alpha 0.3 --out " + out.string()).code, 0);
    const std::string old = readAll(out);
    // Killed half-way through writing the result (a file-size limit of 16 blocks: SIGXFSZ, which
    // like kill -9 runs no clean-up), as a user's kill -9 during a long write.
    const Result killed =
        runShell("ulimit -c 0; ulimit -f 16; exec", "conformal --demo --out " + out.string());
    ASSERT_TRUE(killed.signalled) << killed.code << " " << killed.output;
    EXPECT_EQ(readAll(out), old);
    const std::vector<std::string> left = hidden(s.path());
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].rfind(".r.json.tmp-", 0), 0u) << left[0];

    // A temporary of a writer still running (pid 1) is not touched.
    std::ofstream(s / ".r.json.tmp-1-abcdef") << "in use";
    ASSERT_EQ(run("conformal --demo --out " + out.string()).code, 0);
    EXPECT_NE(readAll(out), old);
    EXPECT_EQ(hidden(s.path()), std::vector<std::string>{".r.json.tmp-1-abcdef"});
}

TEST(CliFiles, InputHashGoesToTheCacheFolderAndMatchesSha256sum) {
    Scratch s;
    {
        std::ofstream csv(s / "scores.csv");
        csv << "score,split\n";
        for (int i = 0; i < 2000; ++i)
            csv << (i * 37 % 101) / 100.0 << "," << (i % 2 ? "cal" : "test") << "\n";
    }
    const std::string env = "XDG_CACHE_HOME='" + (s / "cache").string() + "'";
    for (int round = 0; round < 2; ++round) {  // cold, then from the cache
        const Result r = runShell(env, "conformal --input " + (s / "scores.csv").string() +
                                           " --out " + (s / "r.json").string());
        ASSERT_EQ(r.code, 0) << r.output;
        const auto j = nlohmann::json::parse(readAll(s / "r.json"));
        FILE* p = popen(("/usr/bin/sha256sum '" + (s / "scores.csv").string() + "'").c_str(), "r");
        char digest[65] = {};
        ASSERT_EQ(std::fread(digest, 1, 64, p), 64u);
        pclose(p);
        EXPECT_EQ(j["provenance"]["inputs"][0]["sha256"], std::string(digest)) << round;
        EXPECT_EQ(std::distance(fs::directory_iterator(s / "cache" / "assay" / "sha256"),
                                fs::directory_iterator()),
                  1);
    }
}

#ifdef ASSAY_TORCH_ON_DEMAND
// LD_DEBUG=files lists every shared object the dynamic loader opens.
TEST(CliFiles, LibTorchIsLoadedOnlyByTheCommandsThatTrain) {
    Scratch s;
    Result r = runShell("LD_DEBUG=files", "--help");
    EXPECT_EQ(r.output.find("libtorch_cpu"), std::string::npos) << "--help loaded LibTorch";
    r = runShell("LD_DEBUG=files", "conformal --demo --out " + (s / "r.json").string());
    ASSERT_EQ(r.code, 0);
    EXPECT_EQ(r.output.find("libtorch_cpu"), std::string::npos) << "conformal loaded LibTorch";
    r = runShell("LD_DEBUG=files",
                 "moe-demo --steps 1 --tokens 16 --out " + (s / "t.safetensors").string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("libtorch_cpu"), std::string::npos) << "moe-demo trains with LibTorch";
}
#endif

}  // namespace
