// assay-run c2r / coactivation / moe-demo as a user runs them on real artefacts' shapes: a
// collaboration file alone (LLaMA-MoE's int64 [32,8,8], zero diagonal), traces with non-finite
// logits, layers chosen with --layers, and errors that name the option.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "assay/demo/moe_demo.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"

namespace {

namespace fs = std::filesystem;
namespace io = assay::core::io;
using nlohmann::json;

struct CommandResult {
    int code;
    std::string output;
};

CommandResult shell(const std::string& cmd) {
    FILE* pipe = popen((cmd + " 2>&1").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = pclose(pipe);
    return {WEXITSTATUS(status), out};
}

CommandResult run(const std::string& args) {
    return shell(std::string(ASSAY_RUN_EXE) + " " + args);
}

fs::path dir() {
    const fs::path d = fs::temp_directory_path() / ("assay_c2r_cli_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

json readJson(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

// [L,n,n] int64 symmetric counts with a zero diagonal, as LLaMA-MoE's C2R files hold them.
fs::path collabFile(const std::string& name, int L = 32, int n = 8) {
    std::mt19937 rng(11);
    std::vector<std::int64_t> c(std::size_t(L) * n * n, 0);
    for (int l = 0; l < L; ++l)
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const std::int64_t v = (i / 2 == j / 2 ? 500 : 20) + rng() % 50;
                c[(std::size_t(l) * n + i) * n + j] = c[(std::size_t(l) * n + j) * n + i] = v;
            }
    const fs::path p = dir() / name;
    io::writeSafetensors(p, {io::tensorFromInt64("collaboration", c, {L, n, n})}, {});
    return p;
}

std::string sha256Of(const fs::path& p) {
    const CommandResult r = shell("sha256sum '" + p.string() + "'");
    return r.output.substr(0, 64);
}

TEST(C2rCli, CollaborationFileAloneIsAnalysed) {
    const fs::path collab = collabFile("llama_moe.safetensors"), out = dir() / "collab.json";
    const CommandResult r =
        run("c2r --collab " + collab.string() + " --top-t 1 --devices 4 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("need a routing trace"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("exact for k = 2"), std::string::npos) << r.output;
    const json j = readJson(out);
    ASSERT_EQ(j["layers"].size(), 32u);
    EXPECT_EQ(j["layers"][0]["entropy"].size(), 8u);
    EXPECT_EQ(j["layers"][0]["top_partners"][0], 1);  // the planted pair (0, 1)
    EXPECT_TRUE(j.contains("needs_trace"));
    EXPECT_FALSE(j.contains("deviation"));
    EXPECT_EQ(j["placement"]["layers"].size(), 32u);
    EXPECT_NE(j["placement"]["volumes"].get<std::string>().find("exact for k = 2"),
              std::string::npos);
    // The provenance hashes the collaboration file (the only input).
    ASSERT_EQ(j["provenance"]["inputs"].size(), 1u);
    EXPECT_EQ(j["provenance"]["inputs"][0]["sha256"], sha256Of(collab));
    const CommandResult k4 = run("c2r --collab " + collab.string() +
                                 " --top-k 4 --devices 2 --out " + (dir() / "k4.json").string());
    ASSERT_EQ(k4.code, 0) << k4.output;
    EXPECT_NE(k4.output.find("ESTIMATES for k > 2"), std::string::npos) << k4.output;
    // The help says which outputs need a trace.
    const CommandResult help = run("c2r --help");
    EXPECT_NE(help.output.find("need a trace"), std::string::npos) << help.output;
}

TEST(C2rCli, AllLayersExportFromTheCommandLine) {
    const fs::path collab = collabFile("for_export.safetensors", 4, 8);
    for (const char* ext : {".csv", ".safetensors"}) {
        const fs::path exp = dir() / (std::string("all") + ext);
        const CommandResult r = run("c2r --collab " + collab.string() + " --export " +
                                    exp.string() + " --out " + (dir() / "e.json").string());
        ASSERT_EQ(r.code, 0) << r.output;
        ASSERT_TRUE(fs::exists(exp));
    }
    const auto f = io::TensorFile::open(dir() / "all.safetensors");
    EXPECT_EQ(f.require("conditional").shape, (std::vector<std::int64_t>{4, 8, 8}));
    EXPECT_EQ(f.require("entropy").shape, (std::vector<std::int64_t>{4, 8}));
    EXPECT_EQ(run("c2r --collab " + collab.string() + " --export x.txt --out " +
                  (dir() / "e.json").string())
                  .code,
              2);
}

TEST(C2rCli, TraceWithCollabHashesBothAndDistinctSetsAreTotalAndMean) {
    assay::core::moe::MoeDemoSpec spec;
    spec.trainSteps = 20;
    spec.traceTokens = 256;
    const fs::path trace = dir() / "demo_trace.safetensors";
    assay::core::moe::writeRoutingTrace(assay::core::moe::makeMoeDemo(spec).trace, trace);
    const fs::path collab = collabFile("c16.safetensors", 2, 16), out = dir() / "both.json";
    const CommandResult r = run("c2r --trace " + trace.string() + " --collab " + collab.string() +
                                " --top-t 3 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const json j = readJson(out);
    ASSERT_EQ(j["provenance"]["inputs"].size(), 2u);
    EXPECT_EQ(j["provenance"]["inputs"][0]["sha256"], sha256Of(trace));
    EXPECT_EQ(j["provenance"]["inputs"][1]["sha256"], sha256Of(collab));
    const json& mean = j["deviation"]["mean"];
    EXPECT_FALSE(mean.contains("distinct_sets"));
    std::int64_t total = 0;
    for (const json& l : j["deviation"]["layers"]) total += l["distinct_sets"].get<std::int64_t>();
    EXPECT_EQ(mean["distinct_sets_total"], total);
    EXPECT_DOUBLE_EQ(mean["distinct_sets_mean"].get<double>(), total / 2.0);
    EXPECT_FALSE(j["t_sweep"][0].contains("distinct_sets"));
    EXPECT_TRUE(j["t_sweep"][0].contains("distinct_sets_mean"));
}

// A 4-layer trace of 8 experts, top-2, with router logits beside topk_idx; `bad` layers hold
// `value` at row 5 (counted from 1), expert 3.
fs::path traceWith(const std::string& name, std::vector<int> bad, float value,
                   bool withIdx = true) {
    const int T = 40, n = 8, k = 2;
    std::vector<io::TensorToWrite> t;
    for (int l = 0; l < 4; ++l) {
        std::vector<float> logits(T * n);
        std::vector<std::int64_t> idx;
        for (int r = 0; r < T; ++r) {
            for (int e = 0; e < n; ++e) logits[r * n + e] = float((r * 7 + e * 3 + l) % 11);
            idx.insert(idx.end(), {r % n, (r + 1) % n});
        }
        if (std::find(bad.begin(), bad.end(), l) != bad.end()) logits[4 * n + 3] = value;
        const std::string p = "layers." + std::to_string(l) + ".";
        if (withIdx) t.push_back(io::tensorFromInt64(p + "topk_idx", idx, {T, k}));
        io::TensorToWrite f{p + "router_logits", io::DType::F32, {T, n}, {}};
        f.bytes.resize(logits.size() * 4);
        std::memcpy(f.bytes.data(), logits.data(), f.bytes.size());
        t.push_back(std::move(f));
    }
    const fs::path path = dir() / name;
    io::writeSafetensors(path, t, {{"num_experts", "8"}, {"top_k", "2"}});
    return path;
}

TEST(C2rCli, NonFiniteLogitsAreRefusedByBothCommands) {
    const std::string out = " --out " + (dir() / "nf.json").string();
    struct Case {
        float value;
        bool withIdx;
        const char* says;
    };
    for (const Case c : {Case{INFINITY, false, "+Inf"}, Case{-INFINITY, false, "-Inf"},
                         Case{NAN, true, "NaN"}, Case{INFINITY, true, "+Inf"}}) {
        const fs::path trace = traceWith("nf.safetensors", {2}, c.value, c.withIdx);
        for (const char* command : {"c2r --no-sweep --trace ", "coactivation --trace "}) {
            const CommandResult r = run(command + trace.string() + out);
            EXPECT_EQ(r.code, 2) << command << c.says << "\n" << r.output;
            EXPECT_NE(r.output.find("layers.2.router_logits: row 5: logit of expert 3 is " +
                                    std::string(c.says)),
                      std::string::npos)
                << command << r.output;
        }
    }
}

TEST(C2rCli, CoactivationReadsOnlyTheLayersAskedFor) {
    const fs::path trace = traceWith("layers.safetensors", {0, 1, 2}, NAN);
    const fs::path out = dir() / "l3.json";
    const CommandResult only3 =
        run("coactivation --trace " + trace.string() + " --layers 3 --out " + out.string());
    ASSERT_EQ(only3.code, 0) << only3.output;
    EXPECT_EQ(readJson(out)["layers"].size(), 1u);
    EXPECT_EQ(run("coactivation --trace " + trace.string() + " --out " + out.string()).code, 2);
    EXPECT_EQ(
        run("coactivation --trace " + trace.string() + " --layers 1,3 --out " + out.string()).code,
        2);
}

TEST(C2rCli, MoeDemoErrorsNameTheOption) {
    const std::string out = " --out " + (dir() / "d.safetensors").string();
    const CommandResult tokens = run("moe-demo --tokens 0" + out);
    EXPECT_EQ(tokens.code, 2);
    EXPECT_NE(tokens.output.find("--tokens"), std::string::npos) << tokens.output;
    EXPECT_EQ(tokens.output.find("trainSteps"), std::string::npos) << tokens.output;
    const CommandResult steps = run("moe-demo --steps -1" + out);
    EXPECT_EQ(steps.code, 2);
    EXPECT_NE(steps.output.find("--steps"), std::string::npos) << steps.output;
    const CommandResult experts = run("moe-demo --experts 300" + out);
    EXPECT_EQ(experts.code, 2);
    EXPECT_NE(experts.output.find("--experts"), std::string::npos) << experts.output;
}

}  // namespace
