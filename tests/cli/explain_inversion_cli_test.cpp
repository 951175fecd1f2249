// assay-run inversion as a user runs it: the scores per method and item equal core's
// analyseInversion for the same request (deterministic), their means, the NaN-padded
// attributions of texts of different lengths, the strength sweep, and bad options (exit 2,
// nothing written).
#include <gtest/gtest.h>

#include <cmath>

#include "assay/explain/inversion_analysis.h"
#include "tests/cli/explain_cli_support.h"

namespace {

namespace fs = std::filesystem;
namespace ex = assay::core::explain;
using namespace assay::test::explain;
using assay::test::CommandResult;

CommandResult inversion(const std::string& args) {
    return assay::test::runAssayRun("inversion " + args);
}

TEST(InversionCli, ScoresEqualTheCoreAnalysis) {
    const fs::path dir = scratch("tabular"), out = dir / "i.safetensors";
    const CommandResult r = inversion(
        "--domain tabular --strength 0.9 --items 3 --nsamples 500 "
        "--stability-seeds 0 --seed 4 --out " +
        out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    ex::InversionRequest req;
    req.items = 3;
    req.nsamples = 500;
    req.stabilitySeeds = 0;
    req.seed = 4;
    const ex::InversionAnalysis a = ex::analyseInversion(req, assay::core::JobContext::none());
    ASSERT_EQ(a.methods.size(), 2u);  // lime, kernelshap (the default: both)
    std::vector<std::int64_t> shape;
    const std::vector<double> R = tensor(out, "R", &shape), IS = tensor(out, "IS"),
                              ISr = tensor(out, "IS_rbp"), Rm = tensor(out, "R_mean"),
                              ISrm = tensor(out, "IS_rbp_mean");
    EXPECT_EQ(shape, (std::vector<std::int64_t>{2, 3}));
    for (int k = 0; k < 2; ++k) {
        const ex::MethodResult& m = a.methods[static_cast<std::size_t>(k)];
        EXPECT_EQ(Rm[k], m.meanR);
        EXPECT_EQ(ISrm[k], m.meanIS_rbp);
        double mean = 0;
        for (int i = 0; i < 3; ++i) {
            EXPECT_EQ(R[k * 3 + i], m.items[static_cast<std::size_t>(i)].R);
            EXPECT_EQ(IS[k * 3 + i], m.items[static_cast<std::size_t>(i)].IS);
            EXPECT_EQ(ISr[k * 3 + i], m.items[static_cast<std::size_t>(i)].IS_rbp);
            EXPECT_GE(IS[k * 3 + i], 0.0);
            EXPECT_LE(IS[k * 3 + i], 1.0);
            mean += R[k * 3 + i] / 3;
        }
        EXPECT_NEAR(mean, Rm[k], 1e-12);
    }
    const std::vector<double> attr = tensor(out, "attributions", &shape);
    EXPECT_EQ(shape, (std::vector<std::int64_t>{2, 3, 10}));  // tabular D = 10
    EXPECT_EQ(attr[10 + 2], a.methods[0].items[1].attributions[2]);
    EXPECT_FALSE(hasTensor(out, "sweep_IS"));
    const nlohmann::json j = resultJson(out);
    EXPECT_EQ(j["methods"][0]["method"], "lime");
    EXPECT_EQ(j["methods"][1]["method"], "kernelshap");
    EXPECT_EQ(j["provenance"]["analysis"], "inversion");
}

TEST(InversionCli, TextItemsArePaddedWithNaN) {
    const fs::path dir = scratch("text"), out = dir / "t.safetensors";
    const CommandResult r = inversion(
        "--domain text --method lime --items 4 --stability-seeds 0 "
        "--out " +
        out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::vector<std::int64_t> shape;
    const std::vector<double> attr = tensor(out, "attributions", &shape);
    const std::vector<double> M = tensor(out, "features"), truth = tensor(out, "ground_truth");
    ASSERT_EQ(shape.size(), 3u);
    EXPECT_EQ(shape[0], 1);
    EXPECT_EQ(shape[1], 4);
    for (int i = 0; i < 4; ++i)
        for (std::int64_t j = 0; j < shape[2]; ++j) {
            const bool inside = j < M[i];
            EXPECT_EQ(std::isfinite(attr[i * shape[2] + j]), inside) << i << " " << j;
            EXPECT_EQ(std::isfinite(truth[i * shape[2] + j]), inside) << i << " " << j;
        }
    for (double v : tensor(out, "local_r2")) EXPECT_TRUE(std::isfinite(v));
}

TEST(InversionCli, SweepOverStrengths) {
    const fs::path dir = scratch("sweep"), out = dir / "s.json";
    const CommandResult r = inversion(
        "--domain tabular --strength 0.5:0.9:2 --method kernelshap "
        "--items 2 --nsamples 300 --stability-seeds 0 --out " +
        out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const nlohmann::json j = nlohmann::json::parse(std::ifstream(out));
    ASSERT_EQ(j["sweep"].size(), 2u);
    EXPECT_DOUBLE_EQ(j["sweep"][0]["strength"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(j["sweep"][1]["strength"].get<double>(), 0.9);
    // The first strength is the one explained in detail: its sweep point is those items' mean.
    EXPECT_DOUBLE_EQ(j["sweep"][0]["mean_IS"][0].get<double>(),
                     j["methods"][0]["mean_IS"].get<double>());
    EXPECT_EQ(j["methods"][0]["items"].size(), 2u);
}

TEST(InversionCli, BadOptionsExitTwoAndWriteNothing) {
    const fs::path dir = scratch("bad");
    for (const std::string args :
         {"--strength 1.5", "--strength 0:1:1", "--strength x", "--domain audio", "--method shap",
          "--model dirty", "--items 0", "--p 0.5", "--lambda=-1", "--nsamples 0",
          "--stability-seeds 1"}) {
        const fs::path out = dir / "never.safetensors";
        const CommandResult r = inversion(args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(out)) << args;
    }
    EXPECT_EQ(inversion("--out " + (dir / "x.txt").string()).code, 2);
    EXPECT_FALSE(fs::exists(dir / "x.txt"));
}

}  // namespace
