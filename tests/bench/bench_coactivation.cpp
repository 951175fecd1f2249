// bench_coactivation: times Assay's co-activation counts against NumPy (bincount over pair indices,
// chunked) on T = 10M tokens, n = 64 experts, k = 8 (int32 indices), checks both give the same
// matrix, and relates the throughput to a memory-bandwidth probe. A plain timer, not a ctest:
//   cmake --build build --target bench_coactivation && build/tests/bench/bench_coactivation
// Lines: the probe; in-memory counts (coactivationCounts on the int32 array, best of 3); the same
// trace streamed from a safetensors file (TraceSource: map, widen, check every index, count);
// case 3, the whole process as a user runs it: `assay-run coactivation` on a 2 GiB trace (int64
// topk_idx, T = 8M tokens, n = 64, k = 8, 4 layers: the 512 MB "2M tokens" trace's shape, scaled)
// against coactivation_user_script.py (NumPy memory map + chunked bincount) under /usr/bin/python3,
// each a separate process, best of 3, Assay with its hash cache emptied before each run (cold) and
// filled (warm), outputs compared, peak memory (wait4 ru_maxrss) beside. Goals: >= 5x cold,
// >= 10x warm. ASSAY_BENCH_CASES=3 runs only case 3; ASSAY_BENCH_TRACE_TOKENS scales it down.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/core/random.h"
#include "assay/core/runtime.h"
#include "assay/io/npy.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "assay/moe/coactivation.h"
#include "assay/moe/trace_loader.h"
#include "bench_process.h"
#include "bench_traces.h"

namespace fs = std::filesystem;
namespace moe = assay::core::moe;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kTokens = 10'000'000;
constexpr int kExperts = 64, kTopK = 8, kRepeats = 3;

double bestOf(int repeats, const std::function<void()>& fn) {
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = Clock::now();
        fn();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

// Uniform k-subsets of [0,64): rejection on a 64-bit mask.
std::vector<std::int32_t> randomRouting(std::uint64_t seed) {
    assay::core::SplitMix64 rng(seed);
    std::vector<std::int32_t> idx(static_cast<std::size_t>(kTokens * kTopK));
    for (std::int64_t t = 0; t < kTokens; ++t) {
        std::uint64_t used = 0;
        for (int p = 0; p < kTopK;) {
            const int e = static_cast<int>(rng.next() >> 58);
            if (used >> e & 1) continue;
            used |= std::uint64_t{1} << e;
            idx[static_cast<std::size_t>(t * kTopK + p++)] = e;
        }
    }
    return idx;
}

void writeNpyInt32(const fs::path& path, const std::vector<std::int32_t>& v) {
    std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (" +
                         std::to_string(kTokens) + ", " + std::to_string(kTopK) + "), }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream f(path, std::ios::binary);
    const char magic[] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
    f.write(magic, 8);
    const char len[2] = {static_cast<char>(header.size() & 0xff),
                         static_cast<char>(header.size() >> 8)};
    f.write(len, 2);
    f.write(header.data(), static_cast<std::streamsize>(header.size()));
    f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * 4));
    if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::vector<std::int64_t> readNpyInt64(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto h = assay::core::io::parseNpy(raw, bytes.size(), path.string());
    std::vector<std::int64_t> out(static_cast<std::size_t>(kExperts * kExperts));
    if (h.dtype != assay::core::io::DType::I64 || bytes.size() < h.dataOffset + out.size() * 8)
        throw std::runtime_error(path.string() + ": expected int64 [n,n]");
    std::memcpy(out.data(), raw + h.dataOffset, out.size() * 8);
    return out;
}

// Case 3: the whole process, as a user runs it.
bool caseWholeProcess(const fs::path& dir, int threads) {
    namespace bench = assay::bench;
    const char* scaled = std::getenv("ASSAY_BENCH_TRACE_TOKENS");
    const std::int64_t tokens = scaled ? std::atoll(scaled) : std::int64_t{1} << 23;
    constexpr int kLayers = 4;
    const fs::path trace = dir / "trace_2g.safetensors", cache = dir / "hash-cache";
    const auto g0 = Clock::now();
    assay::bench::writeRoutingTrace(trace, tokens, kLayers);
    const double gib = static_cast<double>(fs::file_size(trace)) / (1 << 30);
    std::printf("case 3  trace written: %.2f GiB (T=%lld, n=%d, k=%d int64, %d layers) in %.1f s\n",
                gib, static_cast<long long>(tokens), kExperts, kTopK, kLayers,
                std::chrono::duration<double>(Clock::now() - g0).count());
    std::fflush(stdout);
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    const std::string log = (dir / "case3.log").string();
    const std::vector<std::string> assay = {
        ASSAY_BENCH_ASSAY_RUN, "coactivation", "--trace",
        trace.string(),        "--out",        (dir / "assay.safetensors").string()};
    const bench::ProcessRun cold =
        bench::bestOfProcess(kRepeats, assay, log, [&] { fs::remove_all(cache); });
    bench::runProcess(assay, log);  // fills the cache
    const bench::ProcessRun warm = bench::bestOfProcess(kRepeats, assay, log, [] {});
    const std::vector<std::string> numpy = {ASSAY_BENCH_PYTHON, ASSAY_BENCH_COACTIVATION_USER,
                                            trace.string(), (dir / "numpy.npy").string()};
    const bench::ProcessRun ref = bench::bestOfProcess(kRepeats, numpy, log, [] {});

    // Outputs: every layer's matrix, exactly.
    std::ifstream f(dir / "numpy.npy", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto h = assay::core::io::parseNpy(raw, bytes.size(), "numpy.npy");
    const auto out = assay::core::io::TensorFile::open(dir / "assay.safetensors");
    bool match = h.dtype == assay::core::io::DType::I64;
    const std::size_t nn = kExperts * kExperts;
    for (int l = 0; l < kLayers && match; ++l) {
        const std::string name = "layers." + std::to_string(l) + ".coactivation";
        match = out.require(name).byteLength == nn * 8 &&
                std::memcmp(out.rawData(name), raw + h.dataOffset + l * nn * 8, nn * 8) == 0;
    }
    std::printf(
        "case 3  whole process, %.2f GiB trace: assay-run coactivation cold %.2f s (CPU %.2f s, %s "
        "peak), warm %.2f s (CPU %.2f s, %s peak), %d threads + 1 hashing | python3 NumPy memmap + "
        "chunked bincount %.2f s (CPU %.2f s, %s peak, 1 thread) | NumPy/Assay wall: cold %.1fx "
        "(goal >= 5x: %s), warm %.1fx (goal >= 10x: %s); CPU: cold %.1fx, warm %.1fx | outputs "
        "equal: %s\n",
        gib, cold.seconds, cold.cpuSeconds, bench::mib(cold.maxRssKb).c_str(), warm.seconds,
        warm.cpuSeconds, bench::mib(warm.maxRssKb).c_str(), threads, ref.seconds, ref.cpuSeconds,
        bench::mib(ref.maxRssKb).c_str(), ref.seconds / cold.seconds,
        ref.seconds / cold.seconds >= 5 ? "met" : "MISSED", ref.seconds / warm.seconds,
        ref.seconds / warm.seconds >= 10 ? "met" : "MISSED", ref.cpuSeconds / cold.cpuSeconds,
        ref.cpuSeconds / warm.cpuSeconds, match ? "yes, every layer exactly" : "NO");
    std::fflush(stdout);
    return match;
}

nlohmann::json runReference(const fs::path& dir) {
    const std::string cmd = std::string(ASSAY_BENCH_PYTHON) + " '" +
                            ASSAY_BENCH_COACTIVATION_SCRIPT + "' '" + dir.string() + "' " +
                            std::to_string(kExperts) + " 1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run: " + cmd);
    std::string out;
    char buf[4096];
    while (std::size_t got = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, got);
    if (pclose(pipe) != 0) throw std::runtime_error("the NumPy reference failed (" + cmd + ")");
    const std::size_t brace = out.rfind('{');
    return nlohmann::json::parse(brace == std::string::npos ? out : out.substr(brace));
}

}  // namespace

int main() {
    try {
        assay::core::initRuntime();
        const int threads = assay::core::computeThreads();
        const fs::path dir =
            fs::temp_directory_path() / ("assay_bench_coactivation_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const char* cases = std::getenv("ASSAY_BENCH_CASES");
        if (cases != nullptr && std::string(cases) == "3") {
            const bool ok = caseWholeProcess(dir, threads);
            fs::remove_all(dir);
            return ok ? 0 : 1;
        }
        const std::vector<std::int32_t> idx = randomRouting(20240601);
        const double bytes = static_cast<double>(idx.size() * sizeof(std::int32_t));

        std::vector<char> src(static_cast<std::size_t>(bytes)), dst(src.size());
        std::memset(src.data(), 1, src.size());
        std::memset(dst.data(), 0, dst.size());
        const double copySec =
            bestOf(kRepeats, [&] { std::memcpy(dst.data(), src.data(), src.size()); });
        const double probe = bytes / copySec;
        std::printf("probe   memcpy %.0f MB, 1 thread: %.1f ms = %.2f GB/s copied\n", bytes / 1e6,
                    copySec * 1e3, probe / 1e9);

        moe::Coactivation ours;
        const double oursSec = bestOf(kRepeats, [&] {
            ours = moe::coactivationCounts(idx.data(), kTokens, kTopK, kExperts);
        });
        writeNpyInt32(dir / "idx.npy", idx);
        const nlohmann::json ref = runReference(dir);
        const bool match = readNpyInt64(dir / "counts_numpy.npy") == ours.counts;
        const double numpySec = ref.at("seconds").get<double>();
        std::printf(
            "case 1  in-memory T=10M n=64 k=8 int32: ours %.1f ms (%d threads, %s) | NumPy %s %.1f "
            "ms (1 thread) | "
            "NumPy/ours %.1fx (goal >= 10x: %s) | %.2f GB/s of indices = %.0f%% of the memcpy "
            "probe | match: %s\n",
            oursSec * 1e3, threads, assay::core::currentDevice().name.c_str(),
            ref.at("numpy").get<std::string>().c_str(), numpySec * 1e3, numpySec / oursSec,
            numpySec / oursSec >= 10 ? "met" : "MISSED", bytes / oursSec / 1e9,
            100.0 * bytes / oursSec / probe, match ? "yes, exactly" : "NO");

        assay::core::io::TensorToWrite t{
            "layers.0.topk_idx", assay::core::io::DType::I32, {kTokens, kTopK}, {}};
        t.bytes.resize(static_cast<std::size_t>(bytes));
        std::memcpy(t.bytes.data(), idx.data(), t.bytes.size());
        assay::core::io::writeSafetensors(dir / "trace.safetensors", {t},
                                          {{"num_experts", "64"}, {"top_k", "8"}});
        t.bytes.clear();
        t.bytes.shrink_to_fit();
        moe::Coactivation streamed;
        const double streamSec = bestOf(kRepeats, [&] {
            streamed = moe::coactivation(moe::TraceSource::open(dir / "trace.safetensors"), 0);
        });
        std::printf(
            "case 2  streamed from safetensors (map, widen, check, count; 1M-token chunks): %.1f "
            "ms | "
            "NumPy/ours %.1fx | %.2f GB/s = %.0f%% of the probe | match: %s\n",
            streamSec * 1e3, numpySec / streamSec, bytes / streamSec / 1e9,
            100.0 * bytes / streamSec / probe,
            streamed.counts == ours.counts ? "yes, exactly" : "NO");
        const bool wholeOk = caseWholeProcess(dir, threads);
        fs::remove_all(dir);
        return match && streamed.counts == ours.counts && wholeOk ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_coactivation: %s\n", e.what());
        return 1;
    }
}
