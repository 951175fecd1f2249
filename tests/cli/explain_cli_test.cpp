// assay-run explain as a user runs it, on small inputs written here: tensors named and shaped as
// the README says; exact Shapley and KernelSHAP with every coalition against interventional
// Shapley values enumerated in plain double (linear weights with each link, a TorchScript
// module); efficiency; LIME's outputs; --rows (half-open, row results independent of the range),
// --labels, CSV feature names, k-means backgrounds, JSON output; and bad input (exit 2, a message
// naming it, nothing written).
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/random.h"
#include "script_backend.h"
#include "tests/cli/explain_cli_support.h"

namespace {

namespace fs = std::filesystem;
using namespace assay::test::explain;
using assay::core::SplitMix64;
using assay::test::CommandResult;

CommandResult explain(const std::string& args) {
    return assay::test::runAssayRun("explain " + args);
}

constexpr int D = 4, C = 2, N = 12, B = 6;

struct Inputs {
    fs::path dir;
    std::vector<double> W, b, X, bg;
    std::string files;  // --model-weights ... --data ... --background ...
};

Inputs writeInputs(const std::string& name) {
    Inputs in;
    in.dir = scratch(name);
    SplitMix64 rng(7);
    for (int i = 0; i < C * D; ++i) in.W.push_back(rng.normal());
    in.b = {0.3, -0.2};
    for (int i = 0; i < N * D; ++i) in.X.push_back(2 * rng.normal());
    for (int i = 0; i < B * D; ++i) in.bg.push_back(rng.normal());
    writeNpy(in.dir / "W.npy", in.W, "(2, 4)");
    writeNpy(in.dir / "b.npy", in.b, "(2,)");
    writeNpy(in.dir / "X.npy", in.X, "(12, 4)");
    writeNpy(in.dir / "B.npy", in.bg, "(6, 4)");
    in.files = "--model-weights " + (in.dir / "W.npy").string() + " --model-bias " +
               (in.dir / "b.npy").string() + " --data " + (in.dir / "X.npy").string() +
               " --background " + (in.dir / "B.npy").string();
    return in;
}

// The brute-force φ of rows [r0, r1) as the command lays them out: [rows, D, C].
std::vector<double> reference(const Inputs& in, const std::string& link, int r0, int r1) {
    std::vector<double> all;
    const RowFunction f = [&](const double* row) {
        return linearOutput(in.W, in.b, C, D, link, row);
    };
    for (int r = r0; r < r1; ++r) {
        const std::vector<double> x(in.X.begin() + r * D, in.X.begin() + (r + 1) * D);
        const std::vector<double> phi = bruteShapley(f, x, in.bg, B, D, C);
        all.insert(all.end(), phi.begin(), phi.end());
    }
    return all;
}

TEST(ExplainCli, ExactAndFullKernelShapEqualEnumeratedShapleyForEachLink) {
    const Inputs in = writeInputs("links");
    for (const std::string link : {"identity", "sigmoid", "softmax"})
        for (const std::string method : {"exact", "kernelshap"}) {
            const fs::path out = in.dir / (link + method + ".safetensors");
            // 2^4 − 2 = 14 coalitions: --nsamples 100 enumerates them all.
            const CommandResult r = explain(in.files + " --output " + link + " --method " + method +
                                            " --nsamples 100 --rows 0:5 --out " + out.string());
            ASSERT_EQ(r.code, 0) << r.output;
            std::vector<std::int64_t> shape;
            const std::vector<double> phi = tensor(out, "attributions", &shape);
            EXPECT_EQ(shape, (std::vector<std::int64_t>{5, D, C}));
            EXPECT_LT(maxAbsDiff(phi, reference(in, link, 0, 5)), 1e-10) << link << " " << method;
            // Efficiency and the fx / expected_value the file holds, against the model itself.
            const std::vector<double> fx = tensor(out, "fx"), ev = tensor(out, "expected_value");
            std::vector<double> e(C, 0.0);
            for (int k = 0; k < B; ++k) {
                const std::vector<double> y = linearOutput(in.W, in.b, C, D, link, &in.bg[k * D]);
                for (int c = 0; c < C; ++c) e[c] += y[c] / B;
            }
            EXPECT_LT(maxAbsDiff(ev, e), 1e-12);
            for (int row = 0; row < 5; ++row) {
                const std::vector<double> y = linearOutput(in.W, in.b, C, D, link, &in.X[row * D]);
                for (int c = 0; c < C; ++c) {
                    double s = 0;
                    for (int j = 0; j < D; ++j) s += phi[(row * D + j) * C + c];
                    EXPECT_NEAR(fx[row * C + c], y[c], 1e-12);
                    EXPECT_NEAR(s, y[c] - e[c], 1e-9);
                }
            }
            EXPECT_EQ(tensor(out, "rows"), (std::vector<double>{0, 1, 2, 3, 4}));
            EXPECT_EQ(tensor(out, "labels"), (std::vector<double>{0, 1}));
            EXPECT_FALSE(hasTensor(out, "local_r2"));
            const nlohmann::json j = resultJson(out);
            EXPECT_EQ(j["method"], method);
            EXPECT_EQ(j["provenance"]["analysis"], "explain");
        }
}

TEST(ExplainCli, RowsAreHalfOpenAndARowsResultDoesNotDependOnTheRange) {
    const Inputs in = writeInputs("rows");
    const fs::path a = in.dir / "a.safetensors", b = in.dir / "b.safetensors";
    // Sampled KernelSHAP (8 of 14 coalitions): row r's stream is streamSeed(seed, r).
    ASSERT_EQ(explain(in.files + " --method kernelshap --nsamples 8 --seed 3 --rows 0:6 --out " +
                      a.string())
                  .code,
              0);
    const CommandResult r = explain(in.files +
                                    " --method kernelshap --nsamples 8 --seed 3 "
                                    "--rows=-8:-6 --labels 1 --out " +
                                    b.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::vector<std::int64_t> shape;
    const std::vector<double> pa = tensor(a, "attributions"),
                              pb = tensor(b, "attributions", &shape);
    EXPECT_EQ(shape, (std::vector<std::int64_t>{2, D, 1}));
    EXPECT_EQ(tensor(b, "rows"), (std::vector<double>{4, 5}));
    EXPECT_EQ(tensor(b, "labels"), (std::vector<double>{1}));
    for (int row = 0; row < 2; ++row)
        for (int j = 0; j < D; ++j)
            EXPECT_NEAR(pb[row * D + j], pa[((row + 4) * D + j) * C + 1], 1e-12) << row << j;
}

TEST(ExplainCli, CsvNamesKmeansBackgroundAndJsonOutput) {
    const Inputs in = writeInputs("csv");
    std::string csv = "alpha,beta,gamma,delta\n";
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < D; ++j)
            csv += std::to_string(in.X[i * D + j]) + (j + 1 < D ? "," : "\n");
    writeText(in.dir / "X.csv", csv);
    const fs::path out = in.dir / "r.json";
    const CommandResult r =
        explain("--model-weights " + (in.dir / "W.npy").string() + " --data " +
                (in.dir / "X.csv").string() +
                " --background-kmeans 3 --method exact --rows 2:4 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const nlohmann::json j = nlohmann::json::parse(std::ifstream(out));
    EXPECT_EQ(j["feature_names"], (std::vector<std::string>{"alpha", "beta", "gamma", "delta"}));
    EXPECT_EQ(j["background"]["rows"], 3);
    ASSERT_EQ(j["attributions"].size(), std::size_t(2 * D * C));
    for (int row = 0; row < 2; ++row)  // efficiency over the weighted centroids
        for (int c = 0; c < C; ++c) {
            double s = 0;
            for (int k = 0; k < D; ++k) s += j["attributions"][(row * D + k) * C + c].get<double>();
            EXPECT_NEAR(
                s, j["fx"][row * C + c].get<double>() - j["expected_value"][c].get<double>(), 1e-9);
        }
}

TEST(ExplainCli, LimeWritesInterceptAndLocalR2AndRecoversScaledLinearWeights) {
    const Inputs in = writeInputs("lime");
    const fs::path out = in.dir / "lime.safetensors";
    const CommandResult r = explain(in.files +
                                    " --output identity --method lime --lime-continuous "
                                    "--rows 0:2 --labels 0 --out " +
                                    out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::vector<std::int64_t> shape;
    const std::vector<double> a = tensor(out, "attributions", &shape);
    EXPECT_EQ(shape, (std::vector<std::int64_t>{2, D, 1}));
    EXPECT_FALSE(hasTensor(out, "expected_value"));
    const std::vector<double> r2 = tensor(out, "local_r2", &shape);
    EXPECT_EQ(shape, (std::vector<std::int64_t>{2, 1}));
    EXPECT_EQ(tensor(out, "intercept").size(), 2u);
    // Continuous LIME on a linear model: coefficients on (z − μ)/σ are w_j·σ_j (σ: the data's
    // std, ddof 0), the surrogate fits exactly (R² = 1 up to the ridge's shrinkage).
    for (int j = 0; j < D; ++j) {
        double m = 0, v = 0;
        for (int i = 0; i < N; ++i) m += in.X[i * D + j] / N;
        for (int i = 0; i < N; ++i) v += (in.X[i * D + j] - m) * (in.X[i * D + j] - m) / N;
        const double expected = in.W[j] * std::sqrt(v);
        for (int row = 0; row < 2; ++row)
            EXPECT_NEAR(a[row * D + j], expected, 0.02 * std::abs(expected) + 1e-3) << j;
    }
    for (double v : r2) EXPECT_GT(v, 0.99);
}

TEST(ExplainCli, TorchScriptModelMatchesTheSameWeights) {
    const Inputs in = writeInputs("script");
    const fs::path pt = in.dir / "m.pt";
    assay::core::FloatTensor w{{D}, {}};
    for (int j = 0; j < D; ++j) w.data.push_back(static_cast<float>(in.W[j]));
    assay::core::detail::saveScriptModule(
        pt, "def forward(self, x):\n    return torch.sigmoid(torch.matmul(x, self.w) + 0.3)\n",
        {{"w", w}});
    std::vector<double> w1(in.W.begin(), in.W.begin() + D);
    for (double& v : w1) v = static_cast<float>(v);
    writeNpy(in.dir / "w1.npy", w1, "(4,)");
    writeNpy(in.dir / "b1.npy", {static_cast<float>(0.3)}, "(1,)");
    const std::string data = " --data " + (in.dir / "X.npy").string() + " --background " +
                             (in.dir / "B.npy").string() + " --method exact --rows 0:3";
    const fs::path a = in.dir / "a.safetensors", b = in.dir / "b.safetensors";
    CommandResult r = explain("--model " + pt.string() + data + " --out " + a.string());
    ASSERT_EQ(r.code, 0) << r.output;
    r = explain("--model-weights " + (in.dir / "w1.npy").string() + " --model-bias " +
                (in.dir / "b1.npy").string() + data + " --out " + b.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::vector<std::int64_t> shape;
    EXPECT_LT(maxAbsDiff(tensor(a, "attributions", &shape), tensor(b, "attributions")), 1e-5);
    EXPECT_EQ(shape, (std::vector<std::int64_t>{3, D, 1}));  // [B] → C = 1
}

TEST(ExplainCli, BadInputExitsTwoAndWritesNothing) {
    const Inputs in = writeInputs("bad");
    std::vector<double> Xnan = in.X;
    Xnan[5 * D + 2] = NAN;
    writeNpy(in.dir / "Xnan.npy", Xnan, "(12, 4)");
    writeNpy(in.dir / "X5.npy", std::vector<double>(N * 5, 0.0), "(12, 5)");
    writeNpy(in.dir / "X3d.npy", std::vector<double>(N * 4, 0.0), "(3, 4, 4)");
    writeText(in.dir / "text.csv", "a,b\n1,2\n3,x\n");
    writeText(in.dir / "label.csv", "a,b,y\n1,2,0\n3,4,2\n");
    const fs::path pt = in.dir / "m3.pt";  // [B, D] → [B, D, 2]: not an explainable output
    assay::core::detail::saveScriptModule(
        pt, "def forward(self, x):\n    return torch.stack([x, x], 2)\n", {});
    const std::string W = "--model-weights " + (in.dir / "W.npy").string(),
                      X = " --data " + (in.dir / "X.npy").string();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {W + " --data " + (in.dir / "X5.npy").string(), "X5.npy"},
        {W + " --data " + (in.dir / "Xnan.npy").string(), "row 6"},
        {W + " --data " + (in.dir / "X3d.npy").string(), "X3d.npy"},
        {W + " --data " + (in.dir / "text.csv").string(), "text.csv"},
        {"--data " + (in.dir / "label.csv").string() + " --fit-logistic y", "label.csv"},
        {"--data " + (in.dir / "label.csv").string() + " --fit-logistic z", "z"},
        {W + X + " --background " + (in.dir / "X5.npy").string(), "X5.npy"},
        {"--model " + pt.string() + X, "m3.pt"},
        {W + X + " --rows 5:2", "--rows"},
        {W + X + " --rows 0:13", "--rows"},
        {W + X + " --method shapley", "shapley"},
        {W + X + " --labels 2", "--labels"},
        {W + X + " --nsamples 0", "--nsamples"},
        {W + X + " --output tanh", "tanh"},
        {W + X + " --background-kmeans 13", "--background-kmeans"},
        {W + X + " --model " + pt.string(), "--model"},
        {X, "--model"},
        {W, "--data"},
        {W + " --data " + (in.dir / "missing.npy").string(), "missing.npy"},
    };
    for (const auto& [args, mention] : cases) {
        const fs::path out = in.dir / "never.safetensors";
        const CommandResult r = explain(args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
        EXPECT_NE(r.output.find(mention), std::string::npos) << args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(out)) << args;
    }
    const CommandResult r = explain(W + X + " --out " + (in.dir / "r.txt").string());
    EXPECT_EQ(r.code, 2);
    EXPECT_FALSE(fs::exists(in.dir / "r.txt"));
}

}  // namespace
