#pragma once
// Running assay-run as a user does, for the command-line tests: the exit code and everything it
// printed, and a fresh scratch path per test process.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace assay::test {

struct CommandResult {
    int code;
    std::string output;  // stdout and stderr together
};

// `ASSAY_RUN_EXE <args> 2>&1` through the shell.
inline CommandResult runAssayRun(const std::string& args) {
    FILE* pipe = popen((std::string(ASSAY_RUN_EXE) + " " + args + " 2>&1").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = pclose(pipe);
    return {WEXITSTATUS(status), out};
}

// <tmp>/<prefix>_<pid>/<name>, removed if it exists, its parent created.
inline std::filesystem::path scratchPath(const std::string& prefix, const std::string& name) {
    const std::filesystem::path d =
        std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d.parent_path());
    return d;
}

}  // namespace assay::test
