// bench_windows: the Token windows methods against NumPy (issue 10). A plain timer, not a ctest:
//   cmake --build build --target bench_windows && build/tests/bench/bench_windows
// The data: B = 1000 images × 24×24 patches × 1024 channels in fp16 (1.1 GiB), written once per
// run as a safetensors file in a temporary folder (streamed, never whole in memory), read by both
// sides through a memory map, converted fp16 → fp32 one image (Assay) or a chunk of 8 images
// (NumPy) at a time. Features are structured like an encoder's (a few region prototypes with
// noise), so windows inside a region are similar and windows on region edges are not.
// Case (a): WiCo concatenation, 2-D pooling and 1-D concatenation at 12×12 = 144 tokens, each with
//   its within-window similarity s_w, through reduceTokens, images in parallel on every compute
//   thread (each worker takes the next image), against bench_windows_reference.py (the fastest
//   plain NumPy: reshape/transpose copies, np.matmul Gram matrices of unit rows) with the same
//   thread count, same run; s_w of every image and the tokens of three images checked equal; times,
//   threads, ratio (goal ≥ 5×).
// Case (b): ToMe (r = 54 per step, 8 steps, 576 → 144) against a vectorised NumPy bipartite soft
//   matching; `source` of every image and the tokens of the sampled images checked (goal ≥ 5×).
// ASSAY_BENCH_WINDOWS_IMAGES=N sets B (e.g. 100 for a quick look), ASSAY_BENCH_TOME_IMAGES the
// images of case (b) (default min(B, 250): NumPy's ToMe takes ~15 ms an image),
// ASSAY_BENCH_CASES=a or b picks one case, ASSAY_BENCH_REPEATS (default 2) the best-of count.
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../../core/src/tokens/reduction_kernels.h"
#include "assay/core/parallel.h"
#include "assay/core/random.h"
#include "assay/core/runtime.h"
#include "assay/io/tensor_file.h"
#include "assay/tokens/token_reduction.h"

namespace fs = std::filesystem;
using namespace assay::core;
using namespace assay::core::tokens;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRows = 24, kCols = 24, kDim = 1024, kOut = 12;
constexpr int kPatches = kRows * kCols;

int envInt(const char* name, int fallback) {
    const char* s = std::getenv(name);
    return s == nullptr ? fallback : std::max(1, std::atoi(s));
}
bool runCase(char c) {
    const char* s = std::getenv("ASSAY_BENCH_CASES");
    return s == nullptr || std::string(s).find(c) != std::string::npos;
}
double cpuSeconds() {
    struct rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

std::uint16_t toHalf(float f) {  // round to nearest even; the values here are normal and small
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    const std::uint32_t sign = (u >> 16) & 0x8000u;
    const int exp = int((u >> 23) & 0xff) - 127 + 15;
    std::uint32_t mant = u & 0x7fffffu;
    if (exp <= 0) return static_cast<std::uint16_t>(sign);  // flush the tiny ones to zero
    std::uint32_t h = sign | (std::uint32_t(exp) << 10) | (mant >> 13);
    const std::uint32_t rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
    return static_cast<std::uint16_t>(h);
}

// Streams `images` images of structured features as safetensors `features` [B, 24, 24, 1024] F16.
// Each image: 5 random prototypes, each patch the prototype of its nearest of 5 random centres
// plus noise of a third of its scale.
std::uint64_t writeFeatures(const fs::path& path, int images) {
    const std::int64_t bytes = std::int64_t(images) * kPatches * kDim * 2;
    nlohmann::json header;
    header["features"] = {
        {"dtype", "F16"}, {"shape", {images, kRows, kCols, kDim}}, {"data_offsets", {0, bytes}}};
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t len = h.size();
    out.write(reinterpret_cast<const char*>(&len), 8);
    out.write(h.data(), std::streamsize(h.size()));
    std::vector<std::uint16_t> buf(std::size_t(kPatches) * kDim);
    std::vector<float> proto(std::size_t(5) * kDim);
    for (int b = 0; b < images; ++b) {
        SplitMix64 rng(1000 + std::uint64_t(b));
        for (float& v : proto) v = float((rng.uniform() - 0.5) * 3.4641016);
        double cy[5], cx[5];
        for (int k = 0; k < 5; ++k) {
            cy[k] = rng.uniform() * kRows;
            cx[k] = rng.uniform() * kCols;
        }
        for (int p = 0; p < kPatches; ++p) {
            int best = 0;
            double bd = 1e300;
            for (int k = 0; k < 5; ++k) {
                const double dy = p / kCols + 0.5 - cy[k], dx = p % kCols + 0.5 - cx[k];
                if (dy * dy + dx * dx < bd) {
                    bd = dy * dy + dx * dx;
                    best = k;
                }
            }
            const float* pr = proto.data() + std::size_t(best) * kDim;
            for (int c = 0; c < kDim; ++c)
                buf[std::size_t(p) * kDim + c] =
                    toHalf(pr[c] + float((rng.uniform() - 0.5) * 1.1547005));
        }
        out.write(reinterpret_cast<const char*>(buf.data()), std::streamsize(buf.size() * 2));
    }
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return 8 + len;
}

struct Timing {
    double seconds = 1e300, cpu = 1e300;
};
template <typename F>
Timing best(int repeats, F run) {
    Timing t;
    for (int i = 0; i < repeats; ++i) {
        const double c0 = cpuSeconds();
        const auto t0 = Clock::now();
        run();
        t.seconds = std::min(t.seconds, std::chrono::duration<double>(Clock::now() - t0).count());
        t.cpu = std::min(t.cpu, cpuSeconds() - c0);
    }
    return t;
}

template <typename T>
std::vector<T> readRaw(const fs::path& p, std::size_t count) {
    std::vector<T> v(count);
    std::ifstream f(p, std::ios::binary);
    f.read(reinterpret_cast<char*>(v.data()), std::streamsize(count * sizeof(T)));
    if (!f) throw std::runtime_error("cannot read " + p.string());
    return v;
}

nlohmann::json runReference(const fs::path& dir, int threads, int repeats, char c) {
    const fs::path log = dir / "reference.log", json = dir / "reference.json";
    const std::string cmd = std::string(ASSAY_BENCH_PYTHON) + " " + ASSAY_BENCH_WINDOWS_SCRIPT +
                            " " + dir.string() + " " + std::to_string(threads) + " " +
                            std::to_string(repeats) + " " + c + " > " + json.string() + " 2> " +
                            log.string();
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error("reference failed; see " + log.string());
    std::ifstream in(json);
    return nlohmann::json::parse(in);
}

// Every image through `body(worker, image, floats)` on every compute thread; the workers take the
// next image from a shared counter (on a shared machine a fixed split waits for the slowest
// thread). Per-image results do not depend on which worker computed them.
template <typename Body>
void forImages(const std::uint16_t* half, int images, int threads, Body body) {
    std::atomic<int> next{0};
    parallelFor(0, threads, threads, [&](int w, std::int64_t, std::int64_t) {
        std::vector<float> x(std::size_t(kPatches) * kDim);
        for (int b = next++; b < images; b = next++) {
            detail::halfToFloat(half + std::size_t(b) * kPatches * kDim, x.size(), x.data());
            body(w, b, x.data());
        }
    });
}

void caseA(const fs::path& dir, const std::uint16_t* half, int images, int threads, int repeats,
           const std::vector<int>& sample) {
    const std::vector<ReductionMethod> methods{ReductionMethod::Wico, ReductionMethod::Pool,
                                               ReductionMethod::Concat1d};
    const int M = kOut * kOut;
    std::printf(
        "case a  %d images x %d x %d fp16 (%.2f GiB): wico, pool, concat1d at %d tokens + s_w, "
        "%d threads\n",
        images, kPatches, kDim, double(images) * kPatches * kDim * 2 / (1 << 30), M, threads);
    std::vector<std::vector<double>> sims(methods.size(),
                                          std::vector<double>(std::size_t(images) * M));
    std::vector<std::vector<std::vector<float>>> kept(
        methods.size(), std::vector<std::vector<float>>(sample.size()));
    auto run = [&](const std::vector<std::size_t>& which) {
        forImages(half, images, threads, [&](int, int b, const float* x) {
            for (std::size_t m : which) {
                const TokenReduction r =
                    reduceTokens(x, {kRows, kCols}, kDim, {methods[m], {kOut, kOut}});
                std::copy(r.similarity.begin(), r.similarity.end(),
                          sims[m].begin() + std::ptrdiff_t(b) * M);
                for (std::size_t s = 0; s < sample.size(); ++s)
                    if (sample[s] == b) kept[m][s] = r.tokens;
            }
        });
    };
    run({0, 1, 2});  // warm-up: pages of the map, allocator
    std::vector<std::pair<std::string, Timing>> ours;
    ours.push_back({"all", best(repeats, [&] { run({0, 1, 2}); })});
    for (std::size_t m = 0; m < methods.size(); ++m)
        ours.push_back({reductionMethodName(methods[m]), best(repeats, [&] { run({m}); })});
    ours.push_back({"convert", best(repeats, [&] { run({}); })});

    const nlohmann::json ref = runReference(dir, threads, repeats, 'a');
    bool equal = true;
    for (std::size_t m = 0; m < methods.size(); ++m) {
        const std::string name = reductionMethodName(methods[m]);
        const auto theirs = readRaw<double>(dir / ("ref_sim_" + name + ".f64"), sims[m].size());
        double worst = 0;
        for (std::size_t i = 0; i < theirs.size(); ++i)
            worst = std::max(worst, std::abs(theirs[i] - sims[m][i]));
        double tokWorst = 0;
        for (std::size_t s = 0; s < sample.size(); ++s) {
            const auto t =
                readRaw<float>(dir / ("ref_tok_" + name + "_" + std::to_string(sample[s]) + ".f32"),
                               kept[m][s].size());
            for (std::size_t i = 0; i < t.size(); ++i)
                tokWorst = std::max(tokWorst, double(std::abs(t[i] - kept[m][s][i])));
        }
        // s_w: NumPy's fp32 Gram against double accumulation; tokens: a copy (exact), or a
        // 4-value mean (fp32 against double).
        const bool ok =
            worst <= 1e-5 && tokWorst <= (methods[m] == ReductionMethod::Pool ? 1e-6 : 0);
        std::printf(
            "  %-8s s_w max |difference| %.2e, tokens of images %d,%d,%d max |difference| "
            "%.2e%s\n",
            name.c_str(), worst, sample[0], sample[1], sample[2], tokWorst,
            ok ? "" : "  <-- differs");
        equal = equal && ok;
    }
    for (const auto& [label, t] : ours) {
        const auto& r = ref["times"][label];
        const double theirs = r["seconds"].get<double>();
        std::printf("  %-8s Assay %.3f s (CPU %.2f s), NumPy %.3f s (CPU %.2f s), ratio %.1fx%s\n",
                    label.c_str(), t.seconds, t.cpu, theirs, r["cpu"].get<double>(),
                    theirs / t.seconds, label == "all" ? " (goal >= 5x)" : "");
    }
    const double theirs = ref["times"]["all"]["seconds"].get<double>();
    std::printf(
        "case a  Assay %.3f s, NumPy %s (%d threads) %.3f s, ratio %.1fx (goal >= 5x), outputs "
        "%s\n",
        ours[0].second.seconds, ref["numpy"].get<std::string>().c_str(), ref["threads"].get<int>(),
        theirs, theirs / ours[0].second.seconds, equal ? "equal" : "DIFFER");
}

void caseB(const fs::path& dir, const std::uint16_t* half, int images, int threads, int repeats,
           const std::vector<int>& sample, int r) {
    const int M = kOut * kOut;
    std::printf("case b  ToMe %d images, %d -> %d tokens, r = %d per step, %d threads\n", images,
                kPatches, M, r, threads);
    std::vector<std::int32_t> source(std::size_t(images) * kPatches);
    std::vector<std::vector<float>> kept(sample.size());
    auto run = [&] {
        forImages(half, images, threads, [&](int, int b, const float* x) {
            const TokenReduction red =
                reduceTokens(x, {kRows, kCols}, kDim, {ReductionMethod::Tome, {kOut, kOut}, r});
            std::copy(red.source.begin(), red.source.end(),
                      source.begin() + std::ptrdiff_t(b) * kPatches);
            for (std::size_t s = 0; s < sample.size(); ++s)
                if (sample[s] == b) kept[s] = red.tokens;
        });
    };
    const Timing ours = best(repeats, run);
    // Where the time goes: the Gram matrix of one image against the whole reduction.
    std::vector<float> x(std::size_t(kPatches) * kDim);
    detail::halfToFloat(half, x.size(), x.data());
    std::vector<double> gram(std::size_t(kPatches) * kPatches);
    const Timing tGram =
        best(5, [&] { detail::gramBlocked(x.data(), kPatches, kDim, gram.data()); });
    const Timing tOne = best(5, [&] {
        reduceTokens(x.data(), {kRows, kCols}, kDim, {ReductionMethod::Tome, {kOut, kOut}, r});
    });
    std::printf("  profile (one image, one thread): Gram matrix %.2f ms of %.2f ms\n",
                tGram.seconds * 1e3, tOne.seconds * 1e3);

    const nlohmann::json ref = runReference(dir, threads, repeats, 'b');
    const auto theirSource = readRaw<std::int32_t>(dir / "ref_tome_source.i32", source.size());
    int same = 0;
    for (int b = 0; b < images; ++b)
        same += std::equal(source.begin() + std::ptrdiff_t(b) * kPatches,
                           source.begin() + std::ptrdiff_t(b + 1) * kPatches,
                           theirSource.begin() + std::ptrdiff_t(b) * kPatches);
    double tokWorst = 0;
    for (std::size_t s = 0; s < sample.size(); ++s) {
        if (sample[s] >= images) continue;
        const auto t = readRaw<float>(dir / ("ref_tome_tok_" + std::to_string(sample[s]) + ".f32"),
                                      kept[s].size());
        for (std::size_t i = 0; i < t.size(); ++i)
            tokWorst = std::max(tokWorst, double(std::abs(t[i] - kept[s][i])));
    }
    const auto& rt = ref["times"]["tome"];
    const auto& r32 = ref["times"]["tome_f32"];
    const double theirs = rt["seconds"].get<double>(), theirs32 = r32["seconds"].get<double>();
    std::printf(
        "case b  Assay %.3f s (CPU %.2f s); NumPy float64 %.3f s (CPU %.2f s), ratio %.1fx (goal "
        ">= 5x); NumPy float32 %.3f s (CPU %.2f s), ratio %.1fx; %d threads; source equal to the "
        "float64 reference in %d/%d images, sampled tokens max |difference| %.2e\n",
        ours.seconds, ours.cpu, theirs, rt["cpu"].get<double>(), theirs / ours.seconds, theirs32,
        r32["cpu"].get<double>(), theirs32 / ours.seconds, ref["threads"].get<int>(), same, images,
        tokWorst);
}

}  // namespace

int main() {
    try {
        const DeviceInfo& dev = initRuntime();
        const int threads = dev.threads;
        const int images = envInt("ASSAY_BENCH_WINDOWS_IMAGES", 1000);
        const int tomeImages = std::min(images, envInt("ASSAY_BENCH_TOME_IMAGES", 250));
        const int repeats = envInt("ASSAY_BENCH_REPEATS", 2);
        const fs::path dir =
            fs::temp_directory_path() / ("assay_bench_windows_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const fs::path file = dir / "features.safetensors";
        const auto t0 = Clock::now();
        const std::uint64_t offset = writeFeatures(file, images);
        std::printf("data: %s written in %.1f s\n", file.string().c_str(),
                    std::chrono::duration<double>(Clock::now() - t0).count());
        const std::vector<int> sample{0, images / 2, images - 1};
        const int tomeR = (kPatches - kOut * kOut + 7) / 8;
        std::ofstream(dir / "meta.json")
            << nlohmann::json{{"images", images}, {"tome_images", tomeImages},
                              {"rows", kRows},    {"cols", kCols},
                              {"dim", kDim},      {"out_rows", kOut},
                              {"out_cols", kOut}, {"tome_r", tomeR},
                              {"offset", offset}, {"sample", sample}}
                   .dump();
        const io::TensorFile tf = io::TensorFile::open(file);
        const auto* half = reinterpret_cast<const std::uint16_t*>(tf.rawData("features"));
        if (runCase('a')) caseA(dir, half, images, threads, repeats, sample);
        if (runCase('b')) {
            std::vector<int> tomeSample;
            for (int s : sample)
                if (s < tomeImages) tomeSample.push_back(s);
            caseB(dir, half, tomeImages, threads, repeats, tomeSample, tomeR);
        }
        fs::remove_all(dir);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_windows: %s\n", e.what());
        return 1;
    }
}
