#pragma once
// Whole-process timing for the benchmarks' "as a user runs it" cases: a command run as its own
// process (fork + exec), wall time, and that process's peak resident memory (wait4's rusage,
// the same ru_maxrss getrusage(RUSAGE_CHILDREN) reports, but per child).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace assay::bench {

struct ProcessRun {
    double seconds = 0;     // wall
    double cpuSeconds = 0;  // user + system, all threads (steadier than wall on a shared machine)
    long maxRssKb = 0;
};

// Runs argv (stdout and stderr to `log`), throws when it cannot start or exits non-zero.
inline ProcessRun runProcess(const std::vector<std::string>& argv, const std::string& log) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout);  // or the child's freopen writes the parent's pending output again
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (std::freopen(log.c_str(), "a", stdout) == nullptr) ::_exit(126);
        ::dup2(::fileno(stdout), 2);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    ProcessRun r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.maxRssKb = usage.ru_maxrss;
    r.cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("'" + argv[0] + " " + (argv.size() > 1 ? argv[1] : "") +
                                 "' failed (exit " + std::to_string(WEXITSTATUS(status)) +
                                 "); see " + log);
    return r;
}

// Best wall (and CPU) time of `repeats` runs, with `before` called ahead of each (e.g. emptying a
// cache); the peak memory is the largest of the runs.
template <typename Before>
ProcessRun bestOfProcess(int repeats, const std::vector<std::string>& argv, const std::string& log,
                         Before before) {
    ProcessRun best{std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity(), 0};
    for (int i = 0; i < repeats; ++i) {
        before();
        const ProcessRun r = runProcess(argv, log);
        best.seconds = std::min(best.seconds, r.seconds);
        best.cpuSeconds = std::min(best.cpuSeconds, r.cpuSeconds);
        best.maxRssKb = std::max(best.maxRssKb, r.maxRssKb);
    }
    return best;
}

inline std::string mib(long kb) { return std::to_string(kb / 1024) + " MiB"; }

}  // namespace assay::bench
