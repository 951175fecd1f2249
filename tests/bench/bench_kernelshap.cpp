// bench_kernelshap (issue 12): KernelSHAP of a 10-feature ReLU MLP (10 → 64 → 32 → 1, weights
// drawn and written by this benchmark), background 50 rows, 20 rows explained with all 1,022
// coalitions (nsamples auto = 2M + 2048, capped at 2^M − 2), through kernelShap on every compute
// thread, against bench_kernelshap_reference.py (vectorised NumPy: one array of model rows per
// explained row, BLAS matmuls) by /usr/bin/python3 in the same run. The attributions are checked
// equal (1e-9); absolute times, model rows per second, threads and the ratio are printed (goal
// ≥ 10×). Not a ctest:
//   cmake --build build --target bench_kernelshap && build/tests/bench/bench_kernelshap
// ASSAY_BENCH_REPEATS (default 3) sets the best-of count; ASSAY_THREADS the threads.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/core/random.h"
#include "assay/core/runtime.h"
#include "assay/explain/shapley.h"
#include "assay/io/npz_write.h"
#include "assay/io/tensor_file.h"
#include "bench_mlp.h"

namespace fs = std::filesystem;
using namespace assay::core;
using namespace assay::core::explain;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kD = 10, kBackground = 50, kRows = 20;
const int kWidths[] = {kD, 64, 32, 1};

using assay::bench::normals;

int repeats() {
    const char* s = std::getenv("ASSAY_BENCH_REPEATS");
    return s == nullptr ? 3 : std::max(1, std::atoi(s));
}

}  // namespace

int main() {
    const DeviceInfo& device = initRuntime();
    const fs::path dir =
        fs::temp_directory_path() / ("assay_bench_kernelshap_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::vector<io::TensorToWrite> tensors;
    const std::vector<DenseLayer> layers = assay::bench::benchMlpLayers(
        std::vector<int>(std::begin(kWidths), std::end(kWidths)), tensors);
    const auto model = mlpModel(layers, Activation::Relu, OutputLink::Identity);
    const std::vector<double> X = normals(kRows * kD, 1, 1.0),
                              bg = normals(kBackground * kD, 2, 1.0);
    tensors.push_back(io::tensorFromDoubles("x", X, {kRows, kD}));
    tensors.push_back(io::tensorFromDoubles("background", bg, {kBackground, kD}));
    io::writeNpz(dir / "in.npz", tensors);

    std::printf("bench_kernelshap: MLP %d→64→32→1 ReLU, background %d rows, %d rows, %s\n", kD,
                kBackground, kRows, device.name.c_str());
    std::vector<double> phi;
    double best = 1e300;
    std::int64_t modelRows = 0;
    for (int rep = 0; rep < repeats(); ++rep) {
        const auto t0 = Clock::now();
        phi.clear();
        modelRows = 0;
        for (int r = 0; r < kRows; ++r) {
            const std::vector<double> x(X.begin() + r * kD, X.begin() + (r + 1) * kD);
            const Explanation e =
                kernelShap(*model, *tabularMasker(x, bg, kBackground), {}, JobContext::none());
            phi.insert(phi.end(), e.attributions.begin(), e.attributions.end());
            modelRows += e.modelRows;
        }
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::printf("  Assay : %8.4f s  %6.2f M model rows/s  (%lld model rows, %d threads)\n", best,
                modelRows / best / 1e6, static_cast<long long>(modelRows), computeThreads());

    const std::string cmd = std::string(ASSAY_BENCH_PYTHON) +
                            " '" ASSAY_BENCH_KERNELSHAP_SCRIPT "' '" + (dir / "in.npz").string() +
                            "' '" + (dir / "ref.npy").string() + "' " + std::to_string(repeats()) +
                            " > '" + (dir / "ref.json").string() + "'";
    if (std::system(cmd.c_str()) != 0) {
        std::fprintf(stderr, "the NumPy reference failed: %s\n", cmd.c_str());
        return 1;
    }
    const nlohmann::json ref = nlohmann::json::parse(std::ifstream(dir / "ref.json"));
    const std::vector<double> refPhi = io::TensorFile::open(dir / "ref.npy").toDoubles("ref");
    const double npSeconds = ref["seconds"].get<double>();
    const std::int64_t npRows = std::int64_t{kRows} * (1022 * kBackground + kBackground + 1);
    std::printf("  NumPy : %8.4f s  %6.2f M model rows/s  (numpy %s, its BLAS threads)\n",
                npSeconds, npRows / npSeconds / 1e6, ref["numpy"].get<std::string>().c_str());
    double maxDiff = refPhi.size() == phi.size() ? 0 : 1e300;
    for (std::size_t i = 0; i < phi.size() && i < refPhi.size(); ++i)
        maxDiff = std::max(maxDiff, std::fabs(phi[i] - refPhi[i]));
    std::printf("  attributions: max |Assay − NumPy| = %.3g over %zu values\n", maxDiff,
                phi.size());
    std::printf("  ratio : %.2f× (goal ≥ 10×)\n", npSeconds / best);
    fs::remove_all(dir);
    if (!(maxDiff <= 1e-9)) {
        std::fprintf(stderr, "bench_kernelshap: the attributions differ\n");
        return 1;
    }
    return 0;
}
