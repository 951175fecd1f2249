// bench_conformal: times Assay's conformal core against the plain NumPy way of computing the same
// numbers, and checks that both give the same results. A plain timer executable, not a ctest.
//
//   cmake --build build --target bench_conformal && build/tests/bench/bench_conformal
//   (or: cmake --build build --target bench)
//
// Cases (one output line each; times are best of 3 on both sides):
//  1. p-values, 1M test x 1M calibration statistics: conformalPValues(cal, {}, test) vs
//     np.sort + np.searchsorted(side='left'). Goal: NumPy/ours >= 1.
//  2. Coverage curve over 100 random splits at N = 100k (generic data, one group, 19 alphas):
//     analyzeCalibration vs NumPy on the very same splits (exported from drawSplit), sorting the
//     calibration scores of every split. Goal: NumPy/ours >= 5.
//  3. The whole process as a user runs it: `assay-run conformal` on a 1M-row calibration CSV
//     (generic data: score, split = cal/test) against conformal_user_script.py (pandas.read_csv +
//     NumPy sort/searchsorted), each a separate process, best of 3, Assay with its hash cache
//     emptied before each run (cold) and filled (warm); threshold, covered, p-values and the
//     selection compared; peak memory (wait4 ru_maxrss) beside. Goal: pandas/Assay >= 3x.
//     ASSAY_BENCH_CASES=3 runs only this case.
// The NumPy reference (conformal_reference.py) runs under ASSAY_BENCH_PYTHON (Debian's
// /usr/bin/python3 by default); data goes both ways through .npy files in a temporary folder.
// NumPy's sort/searchsorted are single-threaded; ours use computeThreads() (ASSAY_THREADS).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "assay/conformal/calibration_analysis.h"
#include "assay/conformal/scored_items.h"
#include "assay/conformal/split_conformal.h"
#include "assay/core/random.h"
#include "assay/core/runtime.h"
#include "assay/io/npy.h"
#include "assay/io/tensor_file.h"
#include "bench_process.h"

namespace fs = std::filesystem;
namespace cf = assay::core::conformal;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRepeats = 3;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Best-of-kRepeats wall time of fn().
double bestOf(const std::function<void()>& fn) {
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < kRepeats; ++i) {
        const auto t0 = Clock::now();
        fn();
        best = std::min(best, secondsSince(t0));
    }
    return best;
}

// --- .npy I/O (little-endian host assumed, as everywhere Assay runs) -------------------------

template <class T>
const char* npyDescr();
template <>
const char* npyDescr<double>() {
    return "<f8";
}
template <>
const char* npyDescr<std::int64_t>() {
    return "<i8";
}

template <class T>
void writeNpy(const fs::path& path, const std::vector<T>& data,
              const std::vector<std::size_t>& shape) {
    std::string shapeText;
    for (std::size_t d : shape) shapeText += std::to_string(d) + ", ";
    if (shape.size() > 1) shapeText.erase(shapeText.size() - 1);  // "(3,)" but "(2, 3)"
    std::string header = std::string("{'descr': '") + npyDescr<T>() +
                         "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    const std::size_t unpadded = 10 + header.size() + 1;  // magic+version+len, header, '\n'
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream f(path, std::ios::binary);
    const char magic[] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
    f.write(magic, sizeof magic);
    const auto len = static_cast<std::uint16_t>(header.size());
    const char lenBytes[2] = {static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
    f.write(lenBytes, 2);
    f.write(header.data(), static_cast<std::streamsize>(header.size()));
    f.write(reinterpret_cast<const char*>(data.data()),
            static_cast<std::streamsize>(data.size() * sizeof(T)));
    if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::vector<double> readNpyF64(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (!f && !f.eof()) throw std::runtime_error("cannot read " + path.string());
    const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
    const assay::core::io::NpyHeader h =
        assay::core::io::parseNpy(raw, bytes.size(), path.string());
    if (h.dtype != assay::core::io::DType::F64 || h.bigEndian || h.shape.size() != 1)
        throw std::runtime_error(path.string() + ": expected a 1-d little-endian float64 array");
    std::vector<double> out(static_cast<std::size_t>(h.shape[0]));
    std::memcpy(out.data(), raw + h.dataOffset, out.size() * sizeof(double));
    return out;
}

// --- the NumPy side -----------------------------------------------------------------------

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs conformal_reference.py <kase> <dir> and returns the JSON line it prints.
nlohmann::json runReference(const std::string& kase, const fs::path& dir) {
    const std::string cmd = shellQuote(ASSAY_BENCH_PYTHON) + " " +
                            shellQuote(ASSAY_BENCH_REFERENCE_SCRIPT) + " " + kase + " " +
                            shellQuote(dir.string()) + " " + std::to_string(kRepeats);
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run: " + cmd);
    std::string out;
    char buf[4096];
    while (std::size_t got = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, got);
    const int status = pclose(pipe);
    if (status != 0) throw std::runtime_error("the NumPy reference failed (" + cmd + ")");
    const std::size_t brace = out.rfind("\n{");
    return nlohmann::json::parse(brace == std::string::npos ? out : out.substr(brace + 1));
}

// "1 thread (sort/searchsorted are single-threaded; OPENBLAS_NUM_THREADS=unset, ...)".
std::string numpyThreads() {
    std::string env;
    for (const char* name : {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}) {
        const char* v = std::getenv(name);
        env += std::string(env.empty() ? "" : " ") + name + "=" + (v ? v : "unset");
    }
    return "1 thread [np.sort/np.searchsorted are single-threaded; " + env + "]";
}

std::string ms(double seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1e3);
    return buf;
}

std::vector<double> normals(std::size_t n, std::uint64_t seed) {
    assay::core::SplitMix64 rng(seed);
    std::vector<double> v(n);
    for (double& x : v) x = rng.normal();
    return v;
}

// Times each stage of analyzeCalibration from the stage() calls.
class StageTimer : public assay::core::JobContext {
public:
    void start() {
        m_last = Clock::now();
        m_current = "setup";
    }
    void finish() { close(); }
    const std::map<std::string, double>& seconds() const { return m_seconds; }

protected:
    void onStage(std::string_view name) override {
        close();
        m_current = std::string(name);
    }

private:
    void close() {
        const auto now = Clock::now();
        m_seconds[m_current] += std::chrono::duration<double>(now - m_last).count();
        m_last = now;
    }
    Clock::time_point m_last;
    std::string m_current;
    std::map<std::string, double> m_seconds;
};

// --- case 1 -------------------------------------------------------------------------------

bool casePValues(const fs::path& dir) {
    constexpr std::size_t n = 1'000'000, m = 1'000'000;
    const std::vector<double> cal = normals(n, 20240501), test = normals(m, 20240502);
    writeNpy(dir / "cal.npy", cal, {n});
    writeNpy(dir / "test.npy", test, {m});

    std::vector<double> ours;
    const double oursSec = bestOf([&] { ours = cf::conformalPValues(cal, {}, test); });
    const nlohmann::json ref = runReference("pvalues", dir);
    const std::vector<double> theirs = readNpyF64(dir / "p_numpy.npy");

    double maxDiff = theirs.size() == ours.size() ? 0.0 : std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < ours.size() && j < theirs.size(); ++j)
        maxDiff = std::max(maxDiff, std::abs(ours[j] - theirs[j]));
    const double numpySec = ref.at("seconds").get<double>();
    const double ratio = numpySec / oursSec;
    const bool match = maxDiff == 0.0;
    std::printf(
        "case 1  p-values 1M test x 1M cal: ours %s (%d threads) | NumPy %s %s (%s; %s) | "
        "NumPy/ours %.2fx (goal >= 1x: %s) | outputs match: %s (max |diff| %g over %zu p-values)\n",
        ms(oursSec).c_str(), assay::core::computeThreads(),
        ref.at("numpy").get<std::string>().c_str(), ms(numpySec).c_str(), numpyThreads().c_str(),
        ref.at("variant").get<std::string>().c_str(), ratio, ratio >= 1.0 ? "met" : "MISSED",
        match ? "yes, exactly" : "NO", maxDiff, ours.size());
    std::fflush(stdout);
    return match;
}

// --- case 2 -------------------------------------------------------------------------------

bool caseCurves(const fs::path& dir) {
    constexpr std::size_t n = 100'000;
    cf::GenericData data;
    data.score = normals(n, 20240503);
    const cf::ScoredItems items = cf::scoreItems(data);  // one group ("all"): no cross-domain work
    cf::CalibrationParams params;
    params.repetitions = 100;
    params.calFraction = 0.5;
    for (int i = 1; i <= 19; ++i) params.alphaGrid.push_back(i * 0.05);

    // Export the splits analyzeCalibration draws (drawSplit is deterministic in seed and r).
    std::vector<std::int64_t> calIdx, testIdx;
    std::size_t nCal = 0, nTest = 0;
    std::vector<std::size_t> cal, test;
    for (int r = 0; r < params.repetitions; ++r) {
        cf::drawSplit(items, params, r, cal, test);
        if (r == 0) {
            nCal = cal.size();
            nTest = test.size();
        }
        if (cal.size() != nCal || test.size() != nTest)
            throw std::runtime_error("split sizes vary");
        calIdx.insert(calIdx.end(), cal.begin(), cal.end());
        testIdx.insert(testIdx.end(), test.begin(), test.end());
    }
    const auto R = static_cast<std::size_t>(params.repetitions);
    writeNpy(dir / "scores.npy", items.goldScore, {n});
    writeNpy(dir / "cal_idx.npy", calIdx, {R, nCal});
    writeNpy(dir / "test_idx.npy", testIdx, {R, nTest});
    writeNpy(dir / "alphas.npy", params.alphaGrid, {params.alphaGrid.size()});

    cf::CalibrationReport report;
    double oursSec = std::numeric_limits<double>::infinity();
    std::map<std::string, double> stages;  // of the best run
    for (int i = 0; i < kRepeats; ++i) {
        StageTimer timer;
        const auto t0 = Clock::now();
        timer.start();
        report = cf::analyzeCalibration(items, params, timer);
        timer.finish();
        const double sec = secondsSince(t0);
        if (sec < oursSec) {
            oursSec = sec;
            stages = timer.seconds();
        }
    }
    const nlohmann::json ref = runReference("curves", dir);
    const std::vector<double> mean = readNpyF64(dir / "cov_mean.npy"),
                              sd = readNpyF64(dir / "cov_std.npy");

    const auto& cov = report.curves.coverage;
    double maxDiff = mean.size() == cov.mean.size() && sd.size() == cov.std.size()
                         ? 0.0
                         : std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < mean.size() && a < cov.mean.size(); ++a)
        maxDiff =
            std::max({maxDiff, std::abs(mean[a] - cov.mean[a]), std::abs(sd[a] - cov.std[a])});
    const double numpySec = ref.at("seconds").get<double>();
    const double curveSec = stages["coverage curves"];
    const double ratio = numpySec / oursSec;
    const bool match = maxDiff <= 1e-12;
    const int ourThreads = std::min(assay::core::computeThreads(), params.repetitions);
    std::printf(
        "case 2  coverage curve, 100 splits, N=100k (%zu cal / %zu test, 19 alphas): ours %s "
        "(analyzeCalibration, one group; of which coverage curves %s, selection %s, rest %s; %d "
        "threads) | "
        "NumPy %s %s (%s; %s, same splits, per-split np.sort of the cal scores; %s took %s) | "
        "NumPy/ours %.2fx (vs the curve stage alone %.2fx; goal >= 5x: %s) | outputs match: %s "
        "(max |diff| of coverage mean/std %g, tolerance 1e-12)\n",
        nCal, nTest, ms(oursSec).c_str(), ms(curveSec).c_str(), ms(stages["selection"]).c_str(),
        ms(oursSec - curveSec - stages["selection"]).c_str(), ourThreads,
        ref.at("numpy").get<std::string>().c_str(), ms(numpySec).c_str(), numpyThreads().c_str(),
        ref.at("variant").get<std::string>().c_str(),
        ref.at("other_variant").get<std::string>().c_str(),
        ms(ref.at("other_seconds").get<double>()).c_str(), ratio, numpySec / curveSec,
        ratio >= 5.0 ? "met" : "MISSED", match ? "yes" : "NO", maxDiff);
    std::fflush(stdout);
    return match;
}

// Case 3: assay-run conformal vs pandas + NumPy on a 1M-row CSV, whole processes.
bool caseWholeProcessCsv(const fs::path& dir) {
    namespace bench = assay::bench;
    constexpr std::size_t kRows = 1'000'000;
    const double alpha = 0.1, delta = 0.1;
    const fs::path csv = dir / "scores.csv", cache = dir / "hash-cache";
    {
        assay::core::SplitMix64 rng(4242);
        std::string text = "score,split\n";
        char line[64];
        for (std::size_t i = 0; i < kRows; ++i) {
            const double u = static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
            const bool cal = (rng.next() >> 63) != 0;
            std::snprintf(line, sizeof line, "%.17g,%s\n", u * u, cal ? "cal" : "test");
            text += line;
        }
        std::ofstream(csv, std::ios::binary) << text;
    }
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    const std::string log = (dir / "case3.log").string();
    const std::string alphaText = std::to_string(alpha), deltaText = std::to_string(delta);
    const std::vector<std::string> assay = {ASSAY_BENCH_ASSAY_RUN,
                                            "conformal",
                                            "--input",
                                            csv.string(),
                                            "--alpha",
                                            alphaText,
                                            "--delta",
                                            deltaText,
                                            "--out",
                                            (dir / "assay.safetensors").string()};
    const bench::ProcessRun cold =
        bench::bestOfProcess(kRepeats, assay, log, [&] { fs::remove_all(cache); });
    bench::runProcess(assay, log);  // fills the cache
    const bench::ProcessRun warm = bench::bestOfProcess(kRepeats, assay, log, [] {});
    const std::vector<std::string> pandas = {ASSAY_BENCH_PYTHON, ASSAY_BENCH_CONFORMAL_USER,
                                             csv.string(),       alphaText,
                                             deltaText,          (dir / "pandas.npz").string()};
    const bench::ProcessRun ref = bench::bestOfProcess(kRepeats, pandas, log, [] {});

    // Outputs: Assay's per-test-item arrays in file order against the script's.
    const auto ours = assay::core::io::TensorFile::open(dir / "assay.safetensors");
    const auto theirs = assay::core::io::TensorFile::open(dir / "pandas.npz");
    const nlohmann::json meta = nlohmann::json::parse(ours.metadata().at("assay"));
    const std::vector<std::int64_t> item = ours.toInt64("test_item");
    std::vector<std::size_t> order(item.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return item[a] < item[b]; });
    const std::vector<double> p = ours.toDoubles("p_value"), pRef = theirs.toDoubles("p_value");
    const std::vector<std::int64_t> cov = ours.toInt64("covered"),
                                    covRef = theirs.toInt64("covered"),
                                    sel = ours.toInt64("selected"),
                                    selRef = theirs.toInt64("selected");
    bool match = p.size() == pRef.size() && cov.size() == covRef.size() &&
                 meta.at("threshold").get<double>() == theirs.toDoubles("threshold").at(0);
    for (std::size_t j = 0; match && j < order.size(); ++j)
        match = p[order[j]] == pRef[j] && cov[order[j]] == covRef[j] && sel[order[j]] == selRef[j];
    std::printf(
        "case 3  whole process, 1M-row CSV (%.0f MB, %zu test rows): assay-run conformal cold %.3f "
        "s "
        "(CPU %.3f s, %s peak), warm %.3f s (CPU %.3f s, %s peak), %d threads + 1 hashing | "
        "python3 pandas.read_csv + NumPy sort/searchsorted %.3f s (CPU %.3f s, %s peak, 1 thread) "
        "| "
        "pandas/Assay wall: cold %.2fx, warm %.2fx (goal >= 3x: %s); CPU: cold %.2fx, warm %.2fx | "
        "outputs equal: %s\n",
        static_cast<double>(fs::file_size(csv)) / 1e6, pRef.size(), cold.seconds, cold.cpuSeconds,
        bench::mib(cold.maxRssKb).c_str(), warm.seconds, warm.cpuSeconds,
        bench::mib(warm.maxRssKb).c_str(), assay::core::computeThreads(), ref.seconds,
        ref.cpuSeconds, bench::mib(ref.maxRssKb).c_str(), ref.seconds / cold.seconds,
        ref.seconds / warm.seconds, ref.seconds / cold.seconds >= 3 ? "met" : "MISSED",
        ref.cpuSeconds / cold.cpuSeconds, ref.cpuSeconds / warm.cpuSeconds,
        match ? "yes (threshold, p-values, covered, selected exactly)" : "NO");
    std::fflush(stdout);
    return match;
}

}  // namespace

int main() {
    try {
        const assay::core::DeviceInfo& device = assay::core::initRuntime();
        std::printf(
            "bench_conformal: device %s, computeThreads() = %d, best of %d runs per side, "
            "reference %s\n",
            device.name.c_str(), assay::core::computeThreads(), kRepeats, ASSAY_BENCH_PYTHON);
        std::string templ = (fs::temp_directory_path() / "assay-bench-XXXXXX").string();
        if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a temporary folder");
        const fs::path dir = templ;
        bool ok = true;
        try {
            const char* cases = std::getenv("ASSAY_BENCH_CASES");
            const bool onlyWhole = cases != nullptr && std::string(cases) == "3";
            if (!onlyWhole) ok = casePValues(dir) && ok;
            if (!onlyWhole) ok = caseCurves(dir) && ok;
            ok = caseWholeProcessCsv(dir) && ok;
        } catch (...) {
            fs::remove_all(dir);
            throw;
        }
        fs::remove_all(dir);
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_conformal: %s\n", e.what());
        return 2;
    }
}
