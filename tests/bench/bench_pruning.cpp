// bench_pruning: the Pruning engine against PyTorch (issue 9). A plain timer, not a ctest:
//   cmake --build build --target bench_pruning && build/tests/bench/bench_pruning
// Case (a): an OLMoE-shaped layer (n=64, k=8, d=2048, f=1024, fp32) and T=32k calibration tokens:
//   the eight inference and activation criteria (EUF, ECC, EVTC, ETS, EAS, EAE, EAO, EAN) through
//   computeCriteria, against bench_pruning_reference.py under /usr/bin/python3 (the Hugging Face
//   style loop over experts, every criterion from that one loop), same thread count, same run;
//   outputs checked equal; times, threads, ratio (goal ≥ 2×).
// Case (b): a Mixtral-shaped layer (n=8, k=2, d=4096, f=14336) in bf16, written by the benchmark as
//   safetensors, read through the memory map (io::TensorFile) in a child process: time for EAN over
//   8k bf16 tokens and the child's peak resident memory against the layer's bytes (goal ≤ 1.3×).
// ASSAY_BENCH_CASES=a or b picks one case; ASSAY_BENCH_PRUNE_SCALE=small runs (a) at d=512,
// f=256, T=8k and (b) at f=3584, 2k tokens, for a quick look.
#include <unistd.h>

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

#include "../../core/src/prune/pruning_model_testing.h"
#include "assay/core/random.h"
#include "assay/core/runtime.h"
#include "assay/io/tensor_file.h"
#include "bench_process.h"

namespace fs = std::filesystem;
using namespace assay::core;
using namespace assay::core::prune;
using Clock = std::chrono::steady_clock;

namespace {

bool small() {
    const char* s = std::getenv("ASSAY_BENCH_PRUNE_SCALE");
    return s != nullptr && std::string(s) == "small";
}

bool runCase(char c) {
    const char* s = std::getenv("ASSAY_BENCH_CASES");
    return s == nullptr || std::string(s).find(c) != std::string::npos;
}

void writeRaw(const fs::path& p, const void* data, std::size_t bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    if (!f) throw std::runtime_error("cannot write " + p.string());
}

std::vector<float> randomFloats(std::size_t count, double scale, std::uint64_t seed) {
    std::vector<float> v(count);
    SplitMix64 rng(seed);
    for (float& x : v) x = static_cast<float>(rng.normal() * scale);
    return v;
}

double maxRelDiff(const std::vector<double>& a, const std::vector<double>& b, bool skipDiagonal,
                  int n) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (skipDiagonal && static_cast<int>(i) / n == static_cast<int>(i) % n) continue;
        if (std::isnan(a[i]) && std::isnan(b[i])) continue;
        worst = std::max(worst, std::abs(a[i] - b[i]) / std::max(1.0, std::abs(b[i])));
    }
    return worst;
}

void caseA(const fs::path& dir, int threads) {
    const bool s = small();
    const int n = 64, k = 8, d = s ? 512 : 2048, f = s ? 256 : 1024;
    const std::int64_t Test = s ? 8192 : 32768;
    // The model splits off a quarter for evaluation: give it enough tokens that the estimation
    // part, which the criteria use, is T.
    const std::int64_t Tall = Test * 4 / 3;
    const int vocab = 4096;
    std::printf(
        "case a  OLMoE-shaped layer n=%d k=%d d=%d f=%d fp32, T=%lld estimation tokens, %d "
        "threads\n",
        n, k, d, f, static_cast<long long>(Test), threads);
    std::vector<float> router =
        randomFloats(static_cast<std::size_t>(n) * d, 1.0 / std::sqrt(d), 1);
    std::vector<float> gate =
        randomFloats(static_cast<std::size_t>(n) * f * d, 1.0 / std::sqrt(d), 2);
    std::vector<float> up =
        randomFloats(static_cast<std::size_t>(n) * f * d, 1.0 / std::sqrt(d), 3);
    std::vector<float> down =
        randomFloats(static_cast<std::size_t>(n) * d * f, 1.0 / std::sqrt(f), 4);
    std::vector<float> x = randomFloats(static_cast<std::size_t>(Tall) * d, 1.0, 5);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(Tall));
    SplitMix64 rng(6);
    for (auto& id : ids) id = static_cast<std::int64_t>(rng.below(vocab));
    ids[0] = vocab - 1;  // |V| = largest id + 1 = vocab on both sides

    TestingModelSpec spec;
    spec.config.family = MoeFamily::Olmoe;
    spec.config.numLayers = 1;
    spec.config.moeLayers = {0};
    spec.config.hidden = d;
    spec.config.numExperts = n;
    spec.config.topK = k;
    spec.config.expertHidden = f;
    MoeLayerWeights w;
    auto view = [](const char* name, const float* p, std::int64_t r, std::int64_t c) {
        WeightView v;
        v.name = name;
        v.shape = {r, c};
        v.data = p;
        return v;
    };
    w.router = view("router", router.data(), n, d);
    for (int p = 0; p < n; ++p)
        w.experts.push_back(
            {view("gate", gate.data() + static_cast<std::size_t>(p) * f * d, f, d),
             view("up", up.data() + static_cast<std::size_t>(p) * f * d, f, d),
             view("down", down.data() + static_cast<std::size_t>(p) * d * f, d, f)});
    spec.layers[0] = w;
    spec.hidden[0] = {"x", io::DType::F32, Tall, d, x.data()};
    spec.tokenIds = ids;
    const PruningModel model = makeTestingModel(spec);
    const auto& rows = model.impl().estimationRows;
    // The reference gets exactly the estimation rows.
    std::vector<float> xe;
    std::vector<std::int64_t> ide;
    xe.reserve(rows.size() * static_cast<std::size_t>(d));
    for (std::int64_t r : rows) {
        xe.insert(xe.end(), x.begin() + r * d, x.begin() + (r + 1) * d);
        ide.push_back(ids[static_cast<std::size_t>(r)]);
    }
    writeRaw(dir / "x.f32", xe.data(), xe.size() * 4);
    writeRaw(dir / "ids.i64", ide.data(), ide.size() * 8);
    writeRaw(dir / "router.f32", router.data(), router.size() * 4);
    writeRaw(dir / "gate.f32", gate.data(), gate.size() * 4);
    writeRaw(dir / "up.f32", up.data(), up.size() * 4);
    writeRaw(dir / "down.f32", down.data(), down.size() * 4);
    std::ofstream(dir / "meta.json") << nlohmann::json{
        {"n", n},
        {"k", k},
        {"d", d},
        {"f", f},
        {"T", static_cast<std::int64_t>(rows.size())},
        {"vocab", vocab}}.dump();
    xe.clear();
    xe.shrink_to_fit();

    const std::vector<Criterion> which{Criterion::EUF, Criterion::ECC, Criterion::EVTC,
                                       Criterion::ETS, Criterion::EAS, Criterion::EAE,
                                       Criterion::EAO, Criterion::EAN};
    const ExpertMask full = fullMaskOf(model.impl());
    computeCriteria(model, full, {Criterion::EUF});  // loads the module, warms LibTorch
    double ours = 1e300;
    std::vector<CriterionValues> values;
    for (int rep = 0; rep < 2; ++rep) {
        const auto t0 = Clock::now();
        values = computeCriteria(model, full, which);
        ours = std::min(ours, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    const fs::path log = dir / "reference.log";
    const std::string cmd = std::string("nice -n 0 ") + ASSAY_BENCH_PYTHON + " " +
                            ASSAY_BENCH_PRUNING_SCRIPT + " " + dir.string() + " " +
                            std::to_string(threads) + " 2 > " + (dir / "reference.json").string() +
                            " 2> " + log.string();
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error("reference failed; see " + log.string());
    std::ifstream in(dir / "reference.json");
    const nlohmann::json ref = nlohmann::json::parse(in);
    bool equal = true;
    for (const CriterionValues& v : values) {
        const std::vector<double> theirs =
            ref["criteria"][criterionName(v.criterion)].get<std::vector<double>>();
        const std::vector<double>& mine =
            isPairCriterion(v.criterion) ? v.pairs.at(0) : v.perLayer.at(0);
        const double diff = maxRelDiff(mine, theirs, isPairCriterion(v.criterion), n);
        // EAO counts can move by an entry sitting on the 3σ edge (fp32 sums in another order).
        const double tol = v.criterion == Criterion::EAO ? 2e-3 : 1e-4;
        std::printf("  %-5s max relative difference %.2e%s\n", criterionName(v.criterion), diff,
                    diff <= tol ? "" : "  <-- differs");
        equal = equal && diff <= tol;
    }
    const double theirs = ref["seconds"].get<double>();
    std::printf(
        "case a  Assay %.3f s, PyTorch %s (%d threads) %.3f s, ratio %.2fx (goal >= 2x), outputs "
        "%s\n",
        ours, ref["torch"].get<std::string>().c_str(), ref["threads"].get<int>(), theirs,
        theirs / ours, equal ? "equal" : "DIFFER");
}

// ---- case (b) --------------------------------------------------------------------------------

struct MixtralShape {
    int n = 8, d = 4096, f = 14336;
    std::int64_t tokens = 8192;
};
MixtralShape mixtralShape() {
    MixtralShape s;
    if (small()) {
        s.f = 3584;
        s.tokens = 2048;
    }
    return s;
}

// Streams a bf16 safetensors file (random weights, never all in memory at once).
std::int64_t writeMixtralLayer(const fs::path& path, const MixtralShape& s) {
    nlohmann::json header;
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> tensors;
    tensors.push_back({"router", {s.n, s.d}});
    for (int p = 0; p < s.n; ++p) {
        tensors.push_back({"experts." + std::to_string(p) + ".w1", {s.f, s.d}});
        tensors.push_back({"experts." + std::to_string(p) + ".w3", {s.f, s.d}});
        tensors.push_back({"experts." + std::to_string(p) + ".w2", {s.d, s.f}});
    }
    tensors.push_back({"x", {s.tokens, s.d}});
    std::int64_t offset = 0, layerBytes = 0;
    for (const auto& [name, shape] : tensors) {
        const std::int64_t bytes = shape[0] * shape[1] * 2;
        header[name] = {
            {"dtype", "BF16"}, {"shape", shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        if (name != "x") layerBytes += bytes;
    }
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t len = h.size();
    out.write(reinterpret_cast<const char*>(&len), 8);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    SplitMix64 rng(9);
    std::vector<std::uint16_t> buf(1 << 20);
    for (const auto& [name, shape] : tensors) {
        const double scale = name == "x" ? 1.0 : 1.0 / std::sqrt(static_cast<double>(shape[1]));
        for (std::int64_t left = shape[0] * shape[1]; left > 0;) {
            const std::int64_t m =
                std::min<std::int64_t>(left, static_cast<std::int64_t>(buf.size()));
            for (std::int64_t i = 0; i < m; ++i) {
                const float v = static_cast<float>(rng.normal() * scale);
                std::uint32_t u;
                std::memcpy(&u, &v, 4);
                buf[static_cast<std::size_t>(i)] =
                    static_cast<std::uint16_t>((u + 0x7fff + ((u >> 16) & 1)) >> 16);
            }
            out.write(reinterpret_cast<const char*>(buf.data()), m * 2);
            left -= m;
        }
    }
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return layerBytes;
}

// Child: EAN of the memory-mapped bf16 layer over its bf16 tokens; prints the seconds.
int mixtralChild(const fs::path& path) {
    initRuntime();
    const MixtralShape s = mixtralShape();
    const io::TensorFile file = io::TensorFile::open(path);
    auto view = [&](const std::string& name) {
        const io::TensorInfo& t = file.require(name);
        WeightView v;
        v.name = name;
        v.dtype = t.dtype;
        v.shape = t.shape;
        v.data = file.rawData(name);
        return v;
    };
    MoeConfig c;
    c.family = MoeFamily::Mixtral;
    c.hidden = s.d;
    c.numExperts = s.n;
    c.topK = 2;
    c.expertHidden = s.f;
    MoeLayerWeights w;
    w.router = view("router");
    for (int p = 0; p < s.n; ++p) {
        const std::string e = "experts." + std::to_string(p);
        w.experts.push_back({view(e + ".w1"), view(e + ".w3"), view(e + ".w2")});
    }
    const BlockInput x{io::DType::BF16, s.tokens, s.d, file.rawData("x")};
    ActivationRequest req;
    req.ean = true;
    const auto t0 = Clock::now();
    const ActivationResult r = pruneEngine().activations(
        c, w, x, std::vector<bool>(static_cast<std::size_t>(s.n), true), req, JobContext::none());
    const double sec = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("{\"seconds\": %.4f, \"ean0\": %.6g}\n", sec, r.experts[0].ean);
    return 0;
}

void caseB(const fs::path& dir, const char* self) {
    const MixtralShape s = mixtralShape();
    const fs::path path = dir / "mixtral_layer.safetensors";
    const auto t0 = Clock::now();
    const std::int64_t layerBytes = writeMixtralLayer(path, s);
    std::printf("case b  Mixtral-shaped layer n=%d d=%d f=%d bf16: %.2f GiB written in %.1f s\n",
                s.n, s.d, s.f, static_cast<double>(layerBytes) / (1 << 30),
                std::chrono::duration<double>(Clock::now() - t0).count());
    const fs::path log = dir / "mixtral_child.log";
    const assay::bench::ProcessRun run =
        assay::bench::runProcess({self, "--mixtral-child", path.string()}, log.string());
    std::ifstream in(log);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty() && line[0] == '{') last = line;
    const nlohmann::json j = nlohmann::json::parse(last);
    const double rss = static_cast<double>(run.maxRssKb) * 1024;
    std::printf(
        "case b  EAN over %lld bf16 tokens: %.2f s (process %.2f s wall); peak RSS %.2f GiB = "
        "%.2fx the layer's %.2f GiB (goal <= 1.3x)\n",
        static_cast<long long>(s.tokens), j["seconds"].get<double>(), run.seconds, rss / (1 << 30),
        rss / static_cast<double>(layerBytes), static_cast<double>(layerBytes) / (1 << 30));
    fs::remove(path);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 3 && std::string(argv[1]) == "--mixtral-child") return mixtralChild(argv[2]);
        const DeviceInfo& dev = initRuntime();
        const fs::path dir =
            fs::temp_directory_path() / ("assay_bench_pruning_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        if (runCase('a')) caseA(dir, dev.threads);
        if (runCase('b')) caseB(dir, argv[0]);
        fs::remove_all(dir);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_pruning: %s\n", e.what());
        return 1;
    }
}
