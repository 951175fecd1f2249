// assay-run prune as a user runs it: the demo writes mask.json and curve.json with the structure
// the README gives and the kept counts the sparsity asks for; bad input exits with code 2, names
// what is wrong and writes nothing.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "assay/io/safetensors.h"
#include "assay/prune/expert_mask.h"
#include "assay/prune/moe_checkpoint.h"
#include "tests/cli/cli_process.h"
#include "tests/core/prune/tiny_checkpoint.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using assay::test::CommandResult;

CommandResult run(const std::string& args) { return assay::test::runAssayRun(args); }

fs::path scratch(const std::string& name) {
    return assay::test::scratchPath("assay_prune_cli", name);
}

json readJson(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

TEST(PruneCli, DemoWritesMaskAndCurveWithTheAskedKeptCounts) {
    const fs::path out = scratch("demo");
    const CommandResult r =
        run("prune --demo --criterion EAN --variant min --procedure iterative "
            "--sparsity 0.25 --layers 0,2 --out " +
            out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const json mask = readJson(out / "mask.json");
    EXPECT_EQ(mask["format"], "assay-expert-mask");
    EXPECT_EQ(mask["criterion"], "EAN");
    EXPECT_EQ(mask["variant"], "min");
    EXPECT_EQ(mask["procedure"], "iterative");
    const int n = mask["num_experts"], k = mask["top_k"];
    ASSERT_GT(n, k);
    const int drop = int(std::lround(0.25 * n));
    ASSERT_EQ(mask["layers"].size(), 2u);
    for (const char* l : {"0", "2"}) {
        const json& layer = mask["layers"][l];
        EXPECT_EQ(layer["dropped"].size(), std::size_t(drop)) << l;
        EXPECT_EQ(layer["kept"].size(), std::size_t(n - drop)) << l;
        EXPECT_EQ(layer["drop_order"].size(), std::size_t(drop)) << l;
        EXPECT_EQ(layer["criterion_values"].size(), std::size_t(n)) << l;
        std::set<int> all;
        for (int e : layer["kept"]) all.insert(e);
        for (int e : layer["dropped"]) all.insert(e);
        EXPECT_EQ(all.size(), std::size_t(n)) << "kept ∪ dropped = every expert, no overlap";
    }
    EXPECT_TRUE(mask.contains("provenance"));
    // It reads back through the mask loader the editor uses.
    const assay::core::prune::ExpertMask back =
        assay::core::prune::readExpertMask(out / "mask.json");
    EXPECT_EQ(back.layers.at(0).keptCount(), n - drop);

    const json curve = readJson(out / "curve.json");
    ASSERT_EQ(curve["curves"].size(), 2u);  // min and max of the criterion
    for (const json& c : curve["curves"]) {
        EXPECT_EQ(c["criterion"], "EAN");
        EXPECT_EQ(c["procedure"], "iterative");
        ASSERT_EQ(c["points"].size(), std::size_t(n - k + 1));  // 0 .. n − k dropped
        for (std::size_t i = 0; i < c["points"].size(); ++i)
            EXPECT_EQ(c["points"][i]["dropped"], int(i));
        EXPECT_TRUE(c["points"][0]["loss"].is_number());
    }
    // The full model: nothing dropped, the same loss as every curve's first point.
    EXPECT_DOUBLE_EQ(double(curve["full_model"]["task_loss"]),
                     double(curve["curves"][0]["points"][0]["loss"]));
    EXPECT_EQ(curve["mask"]["domain_accuracy"].size(), curve["domain_names"].size());
    EXPECT_TRUE(curve["provenance"].contains("inputs") || curve["provenance"].is_object());
}

TEST(PruneCli, BadInputExitsTwoAndWritesNothing) {
    struct Case {
        std::string args, says;
    };
    const std::vector<Case> cases = {
        {"--demo --sparsity 0.9", "k"},     // fewer than k experts would remain
        {"--demo --criterion XYZ", "XYZ"},  // the message lists the names
        {"--demo --procedure greedy", "greedy"},
        {"--demo --variant middle", "middle"},
        {"--demo --layers 0,x", "--layers"},
        {"--demo --export-checkpoint", "--export-checkpoint"},
        {"--checkpoint /nonexistent/ckpt --calib /nonexistent/c.safetensors", "nonexistent"},
        {"--checkpoint /tmp", "--calib"},
        {"--demo --trace /nonexistent/t.safetensors", "one input"},
    };
    for (const Case& c : cases) {
        const fs::path out = scratch("bad");
        const CommandResult r = run("prune " + c.args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << ": " << r.output;
        EXPECT_FALSE(fs::exists(out)) << c.args << ": wrote " << out;
    }
}

TEST(PruneCli, HelpNamesEveryOption) {
    const CommandResult r = run("prune --help");
    EXPECT_EQ(r.code, 0);
    for (const char* opt :
         {"--checkpoint DIR", "--calib FILE", "--trace", "--demo", "--criterion", "--variant",
          "--procedure", "--sparsity", "--layers", "--out DIR", "--export-checkpoint"})
        EXPECT_NE(r.output.find(opt), std::string::npos) << opt << "\n" << r.output;
}

namespace prune = assay::core::prune;
namespace io = assay::core::io;

// Calibration hidden states for every MoE layer of a tiny checkpoint: layers.{l}.hidden [T,d].
fs::path writeCalibration(const prune::test::TinyCheckpoint& ck, int tokens) {
    std::mt19937 rng(7);
    std::normal_distribution<double> g(0.0, 1.0);
    std::vector<io::TensorToWrite> tensors;
    for (int l : ck.moeLayers) {
        std::vector<double> h(std::size_t(tokens) * ck.spec.hidden);
        for (double& v : h) v = g(rng);
        tensors.push_back(io::tensorFromDoubles("layers." + std::to_string(l) + ".hidden", h,
                                                {tokens, ck.spec.hidden}));
    }
    const fs::path path = ck.dir / "calibration.safetensors";
    io::writeSafetensors(path, tensors, {});
    return path;
}

// A tiny checkpoint of each family (sharded bf16 for one of them) through prune
// --export-checkpoint: the pruned folder loads through the same loader, with the kept experts
// re-indexed in ascending order and their router rows and weights exactly the original's.
TEST(PruneCli, TinyCheckpointOfEachFamilyRoundTripsThroughExport) {
    struct Family {
        prune::MoeFamily family;
        assay::core::io::DType dtype;
        int shards;
    };
    for (const Family& f : {Family{prune::MoeFamily::Mixtral, io::DType::F32, 1},
                            Family{prune::MoeFamily::QwenMoe, io::DType::BF16, 2},
                            Family{prune::MoeFamily::Olmoe, io::DType::F32, 1}}) {
        const std::string name = prune::familyName(f.family);
        const fs::path root = scratch("tiny-" + name);
        prune::test::TinySpec spec;
        spec.family = f.family;
        spec.dtype = f.dtype;
        spec.shards = f.shards;
        spec.numExperts = 6;
        const prune::test::TinyCheckpoint ck =
            prune::test::writeTinyCheckpoint(root / "ckpt", spec);
        const fs::path calib = writeCalibration(ck, 64);
        const fs::path out = root / "out";
        const CommandResult r =
            run("prune --checkpoint " + ck.dir.string() + " --calib " + calib.string() +
                " --criterion EAN --sparsity 0.34 --out " + out.string() + " --export-checkpoint");
        ASSERT_EQ(r.code, 0) << name << "\n" << r.output;
        const prune::ExpertMask mask = prune::readExpertMask(out / "mask.json");
        const prune::MoeCheckpoint back = prune::MoeCheckpoint::open(out / "checkpoint");
        ASSERT_EQ(back.config().numExperts, 4) << name;  // 6 − round(0.34 · 6)
        EXPECT_EQ(back.config().moeLayers, ck.moeLayers) << name;
        for (int l : ck.moeLayers) {
            const std::vector<int> kept = mask.layers.at(l).keptIndices();
            ASSERT_EQ(kept.size(), 4u);
            const prune::MoeLayerWeights w = back.layer(l);
            const std::vector<double> router = prune::test::viewValues(w.router);
            const std::vector<double>& original =
                ck.value(prune::test::tinyRouterName(f.family, l));
            const int d = spec.hidden;
            for (int j = 0; j < 4; ++j) {
                for (int c = 0; c < d; ++c)
                    EXPECT_EQ(router[std::size_t(j) * d + c],
                              original[std::size_t(kept[j]) * d + c])
                        << name << " layer " << l << " router row " << j;
                EXPECT_EQ(prune::test::viewValues(w.experts[j].down),
                          ck.value(prune::test::tinyExpertName(f.family, l, kept[j], "down")))
                    << name << " layer " << l << " expert " << j << " = original " << kept[j];
            }
        }
        // The pruned folder is a checkpoint again: prune it once more (nothing dropped).
        const CommandResult again = run(
            "prune --checkpoint " + (out / "checkpoint").string() + " --calib " + calib.string() +
            " --criterion RWN --sparsity 0 --out " + (root / "again").string());
        EXPECT_EQ(again.code, 0) << name << "\n" << again.output;
    }
}

TEST(PruneCli, ExportRefusesMasksThatKeepDifferentCountsPerLayer) {
    const fs::path root = scratch("tiny-layers");
    prune::test::TinySpec spec;
    spec.numExperts = 6;
    const prune::test::TinyCheckpoint ck = prune::test::writeTinyCheckpoint(root / "ckpt", spec);
    const fs::path calib = writeCalibration(ck, 48);
    const fs::path out = root / "out";
    // Only layer 0 pruned: layer 1 keeps all 6, which one config.json expert count cannot say.
    const CommandResult r =
        run("prune --checkpoint " + ck.dir.string() + " --calib " + calib.string() +
            " --layers 0 --sparsity 0.5 --out " + out.string() + " --export-checkpoint");
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("Hugging Face configs hold one expert count"), std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
