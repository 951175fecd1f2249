// bench_scaling: strong scaling of a co-activation run (T tokens, n = 64, k = 8, 4 layers, int64
// trace: the shape of bench_coactivation's case 3) over 1 and 2 workers on this machine, each
// worker one process with ASSAY_THREADS=1 so that the workers, not threads, scale:
//   array job  `assay-run coactivation` whole vs `--shard 0/2` and `--shard 1/2` run at once,
//              then `assay-run merge` (the merge's time is printed apart);
//   MPI        `mpirun -n 1` vs `-n 2` of an MPI-built assay-run (`--mpi`), with the allreduce's
//              size and time as rank 0 prints them; only when ASSAY_BENCH_MPI_ASSAY_RUN names one
//              (cmake -DASSAY_MPI=ON; the default build has no MPI).
// Every output is checked equal to the one-process result (JSON without provenance). Prints
// absolute times, per-worker throughput, and a labelled estimate for 64 workers from the model
// t(N) = a + b/N fitted to N = 1, 2 (a: start-up, hashing, writing; b: the counting), plus the
// allreduce at log2(64) times its two-rank time. Probes do not shard yet: not timed here.
//   cmake --build build --target bench_scaling && build/tests/bench/bench_scaling
// ASSAY_BENCH_SCALING_TOKENS sets T (default 4M: a 1 GiB trace).
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_process.h"
#include "bench_traces.h"

namespace fs = std::filesystem;
namespace bench = assay::bench;

namespace {

constexpr int kLayers = 4, kRepeats = 3;

nlohmann::json withoutProvenance(const fs::path& file) {
    nlohmann::json j = nlohmann::json::parse(std::ifstream(file));
    j.erase("provenance");
    return j;
}

// Best wall time of `repeats` runs of the commands started together (one process each).
double bestTogether(const std::vector<std::vector<std::string>>& commands, const fs::path& log) {
    double best = INFINITY;
    for (int r = 0; r < kRepeats; ++r) {
        std::vector<std::thread> running;
        std::vector<double> wall(commands.size());
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::string> failed(commands.size());  // a thread must not throw
        for (std::size_t i = 0; i < commands.size(); ++i)
            running.emplace_back([&, i] {
                try {
                    bench::runProcess(commands[i], log.string());
                } catch (const std::exception& e) {
                    failed[i] = e.what();
                }
            });
        for (std::thread& t : running) t.join();
        for (const std::string& f : failed)
            if (!f.empty()) throw std::runtime_error(f);
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

struct Model {  // t(N) = a + b/N from N = 1, 2
    double a, b;
    double at(double n) const { return a + b / n; }
};
Model fit(double t1, double t2) { return {2 * t2 - t1, 2 * (t1 - t2)}; }

}  // namespace

int main() {
    try {
        const char* envTokens = std::getenv("ASSAY_BENCH_SCALING_TOKENS");
        const std::int64_t tokens = envTokens ? std::atoll(envTokens) : 4'000'000;
        const fs::path dir =
            fs::temp_directory_path() / ("assay_bench_scaling_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const fs::path trace = dir / "trace.safetensors", log = dir / "log.txt";
        bench::writeRoutingTrace(trace, tokens, kLayers);
        ::setenv("ASSAY_THREADS", "1", 1);
        ::setenv("XDG_CACHE_HOME", (dir / "cache").c_str(), 1);  // warm after the first run
        const std::string run = ASSAY_BENCH_ASSAY_RUN;
        auto coactivation = [&](const std::string& out, std::vector<std::string> extra = {}) {
            std::vector<std::string> a = {run, "coactivation", "--trace", trace.string()};
            a.insert(a.end(), extra.begin(), extra.end());
            a.insert(a.end(), {"--out", (dir / out).string()});
            return a;
        };
        bench::runProcess(coactivation("warmup.json"), log.string());  // hashes cached, pages in
        const double gib = static_cast<double>(fs::file_size(trace)) / (1 << 30);
        std::printf(
            "bench_scaling: trace %.2f GiB, T = %lld tokens, n = 64, k = 8, %d layers; "
            "each worker 1 thread (ASSAY_THREADS=1), %u cores here, best of %d\n",
            gib, static_cast<long long>(tokens), kLayers, std::thread::hardware_concurrency(),
            kRepeats);

        const double t1 = bestTogether({coactivation("one.json")}, log);
        const double t2 = bestTogether({coactivation("p0.safetensors", {"--shard", "0/2"}),
                                        coactivation("p1.safetensors", {"--shard", "1/2"})},
                                       log);
        const double merge = bestTogether(
            {{run, "merge", (dir / "p0.safetensors").string(), (dir / "p1.safetensors").string(),
              "--out", (dir / "merged.json").string()}},
            log);
        const bool same =
            withoutProvenance(dir / "merged.json") == withoutProvenance(dir / "one.json");
        const Model m = fit(t1, t2);
        std::printf(
            "array job  1 worker %.3f s (%.1f M tokens/s) | 2 workers %.3f s + merge %.3f s "
            "(%.1f M tokens/s per worker) | speed-up %.2fx | merged == one process: %s\n"
            "           estimate (t = a + b/N, a = %.3f s, b = %.3f s): 64 tasks %.3f s + merge of "
            "64 parts at most ~%.3f s (32 x the 2-part merge)\n",
            t1, tokens / t1 / 1e6, t2, merge, tokens / 2.0 / t2 / 1e6, t1 / (t2 + merge),
            same ? "yes, every digit" : "NO", m.a, m.b, m.at(64), merge * 32);

        bool mpiSame = true;
        if (const char* mpiRun = std::getenv("ASSAY_BENCH_MPI_ASSAY_RUN")) {
            auto mpi = [&](int n, const std::string& out) {
                return std::vector<std::string>{"/usr/bin/mpirun",
                                                "--oversubscribe",
                                                "--allow-run-as-root",
                                                "-n",
                                                std::to_string(n),
                                                mpiRun,
                                                "coactivation",
                                                "--mpi",
                                                "--trace",
                                                trace.string(),
                                                "--out",
                                                (dir / out).string()};
            };
            const double r1 = bestTogether({mpi(1, "mpi1.json")}, log);
            fs::remove(log);
            const double r2 = bestTogether({mpi(2, "mpi2.json")}, log);
            std::ifstream in(log);
            const std::string text((std::istreambuf_iterator<char>(in)), {});
            double bytes = 0, ms = INFINITY;
            const std::regex line(R"(allreduce of (\d+) bytes took ([0-9.e+-]+) ms)");
            for (std::sregex_iterator it(text.begin(), text.end(), line), end; it != end; ++it) {
                bytes = std::stod((*it)[1]);
                ms = std::min(ms, std::stod((*it)[2]));
            }
            mpiSame = withoutProvenance(dir / "mpi2.json") == withoutProvenance(dir / "one.json") &&
                      withoutProvenance(dir / "mpi1.json") == withoutProvenance(dir / "one.json");
            const Model mm = fit(r1, r2);
            std::printf(
                "MPI        1 rank %.3f s | 2 ranks %.3f s (%.1f M tokens/s per rank) | speed-up "
                "%.2fx | allreduce %.0f KiB in %.3f ms (2 ranks, with the wait for the slower) | "
                "== one process: %s\n"
                "           estimate: 64 ranks %.3f s (a = %.3f s, b = %.3f s) + allreduce ~%.3f "
                "ms (log2 64 = 6 x the 2-rank time)\n",
                r1, r2, tokens / 2.0 / r2 / 1e6, r1 / r2, bytes / 1024, ms,
                mpiSame ? "yes, every digit" : "NO", mm.at(64), mm.a, mm.b, 6 * ms);
        } else {
            std::printf(
                "MPI        skipped: set ASSAY_BENCH_MPI_ASSAY_RUN to an assay-run built "
                "with -DASSAY_MPI=ON\n");
        }
        fs::remove_all(dir);
        return same && mpiSame ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_scaling: %s\n", e.what());
        return 1;
    }
}
