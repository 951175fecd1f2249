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
#include <set>

#include "assay/prune/expert_mask.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CommandResult {
    int code;
    std::string output;
};

CommandResult run(const std::string& args) {
    FILE* pipe = popen((std::string(ASSAY_RUN_EXE) + " " + args + " 2>&1").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = pclose(pipe);
    return {WEXITSTATUS(status), out};
}

fs::path scratch(const std::string& name) {
    const fs::path d =
        fs::temp_directory_path() / ("assay_prune_cli_" + std::to_string(::getpid())) / name;
    fs::remove_all(d);
    fs::create_directories(d.parent_path());
    return d;
}

json readJson(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

TEST(PruneCli, DemoWritesMaskAndCurveWithTheAskedKeptCounts) {
    const fs::path out = scratch("demo");
    const CommandResult r = run("prune --demo --criterion EAN --variant min --procedure iterative "
                                "--sparsity 0.25 --layers 0,2 --out " + out.string());
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
        {"--demo --sparsity 0.9", "k"},               // fewer than k experts would remain
        {"--demo --criterion XYZ", "XYZ"},            // the message lists the names
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
    for (const char* opt : {"--checkpoint DIR", "--calib FILE", "--trace", "--demo", "--criterion",
                            "--variant", "--procedure", "--sparsity", "--layers", "--out DIR",
                            "--export-checkpoint"})
        EXPECT_NE(r.output.find(opt), std::string::npos) << opt << "\n" << r.output;
}

}  // namespace
