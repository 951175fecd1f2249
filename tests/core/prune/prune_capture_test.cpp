// tests/prune_capture/capture_tiny_moe.py (PyTorch alone) writes a tiny model of each family
// with the real names and keys, and the inputs/outputs of its MoE blocks; MoeCheckpoint and
// HiddenStates must read them, and a plain double-precision forward of each family's block on
// the loaded weights must give what PyTorch computed. The files stay under the build folder
// (prune_capture/<family>) for the engine's tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "assay/io/hidden_states.h"
#include "assay/io/tensor_file.h"
#include "assay/prune/moe_checkpoint.h"
#include "tiny_checkpoint.h"

namespace assay::core::prune {
namespace {

namespace fs = std::filesystem;

bool pythonHasTorch() {
    return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

fs::path capture(const std::string& family, const std::string& options) {
    const fs::path out = fs::path(ASSAY_BINARY_DIR) / "prune_capture" / family;
    fs::remove_all(out);
    const std::string cmd = "/usr/bin/python3 '" ASSAY_SOURCE_DIR
                            "/tests/prune_capture/capture_tiny_moe.py' --family " +
                            family + " --out '" + out.string() + "' " + options + " >/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
}

using Matrix = std::vector<double>;  // row-major

// y = W x for W [rows, cols].
std::vector<double> apply(const Matrix& w, std::int64_t rows, std::int64_t cols, const double* x) {
    std::vector<double> y(rows, 0.0);
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < cols; ++c) y[r] += w[r * cols + c] * x[c];
    return y;
}

std::vector<double> swiglu(const ExpertWeights& e, const double* x) {
    const std::int64_t f = e.gate.rows(), d = e.gate.cols();
    const auto g = apply(test::viewValues(e.gate), f, d, x);
    const auto u = apply(test::viewValues(e.up), f, d, x);
    std::vector<double> h(f);
    for (std::int64_t i = 0; i < f; ++i) h[i] = g[i] / (1 + std::exp(-g[i])) * u[i];
    return apply(test::viewValues(e.down), d, f, h.data());
}

// transformers' block forward (papers.md §2 / moe_weights.h), one token, in double.
std::vector<double> blockForward(const MoeLayerWeights& w, const MoeConfig& c, const double* x,
                                 std::vector<double>& logits) {
    const int n = c.numExperts, d = c.hidden;
    logits = apply(test::viewValues(w.router), n, d, x);
    const double top = *std::max_element(logits.begin(), logits.end());
    std::vector<double> p(n);
    double sum = 0;
    for (int j = 0; j < n; ++j) sum += p[j] = std::exp(logits[j] - top);
    for (double& v : p) v /= sum;
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[a] > p[b]; });
    double kept = 0;
    for (int i = 0; i < c.topK; ++i) kept += p[order[i]];
    std::vector<double> y(d, 0.0);
    for (int i = 0; i < c.topK; ++i) {
        const int j = order[i];
        const double weight = c.normTopkProb ? p[j] / kept : p[j];
        const auto e = swiglu(w.experts[j], x);
        for (int r = 0; r < d; ++r) y[r] += weight * e[r];
    }
    if (w.hasShared) {
        const auto s = swiglu(w.shared, x);
        const double gate = apply(test::viewValues(w.sharedGate), 1, d, x)[0];
        for (int r = 0; r < d; ++r) y[r] += s[r] / (1 + std::exp(-gate));
    }
    return y;
}

void expectCaptureMatches(const std::string& family, const std::string& options, MoeFamily expect,
                          const std::vector<int>& moeLayers) {
    if (!pythonHasTorch()) GTEST_SKIP() << "/usr/bin/python3 has no torch (python3-torch)";
    const fs::path out = capture(family, options);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(out / "checkpoint");
    EXPECT_EQ(ckpt.config().family, expect);
    EXPECT_EQ(ckpt.config().moeLayers, moeLayers);
    const io::HiddenStates calib = io::HiddenStates::open(out / "calib.safetensors");
    EXPECT_EQ(calib.layers(), moeLayers);
    EXPECT_EQ(calib.width(), ckpt.config().hidden);
    EXPECT_EQ(calib.tokenIds().size(), static_cast<std::size_t>(calib.tokens()));
    const io::TensorFile outputs = io::TensorFile::open(out / "outputs.safetensors");
    for (const int l : moeLayers) {
        const MoeLayerWeights w = ckpt.layer(l);
        const io::HiddenMatrix h = calib.hidden(l);
        ASSERT_TRUE(calib.target(l).has_value());
        std::vector<double> x(h.rows * h.cols);
        io::convertElements(static_cast<const unsigned char*>(h.data), h.dtype, 0, h.rows * h.cols,
                            x.data());
        const auto wantOut = outputs.toDoubles("layers." + std::to_string(l) + ".output");
        const auto wantLogits = outputs.toDoubles("layers." + std::to_string(l) + ".router_logits");
        double maxErr = 0, scale = 0;
        for (std::int64_t t = 0; t < h.rows; ++t) {
            std::vector<double> logits;
            const auto y = blockForward(w, ckpt.config(), &x[t * h.cols], logits);
            for (int j = 0; j < ckpt.config().numExperts; ++j)
                ASSERT_NEAR(logits[j], wantLogits[t * ckpt.config().numExperts + j], 1e-5);
            for (std::int64_t r = 0; r < h.cols; ++r) {
                maxErr = std::max(maxErr, std::fabs(y[r] - wantOut[t * h.cols + r]));
                scale = std::max(scale, std::fabs(wantOut[t * h.cols + r]));
            }
        }
        EXPECT_LT(maxErr, 1e-5 * std::max(1.0, scale)) << family << " layer " << l;
    }
}

TEST(PruneCapture, MixtralSingleFileF32) {
    expectCaptureMatches("mixtral", "--layers 2", MoeFamily::Mixtral, {0, 1});
}

TEST(PruneCapture, QwenMoeShardedBf16WithDenseLayer) {
    expectCaptureMatches("qwen2_moe", "--layers 4 --mlp-only 2 --shards 2 --dtype bfloat16",
                         MoeFamily::QwenMoe, {0, 1, 3});
}

TEST(PruneCapture, OlmoeShardedF16WithoutRenormalisation) {
    expectCaptureMatches("olmoe", "--layers 2 --experts 6 --top-k 3 --shards 3 --dtype float16 --no-norm-topk",
                         MoeFamily::Olmoe, {0, 1});
}

}  // namespace
}  // namespace assay::core::prune
