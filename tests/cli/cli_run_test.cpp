// assay-run as a script uses it: exit codes, messages, and result files that match core.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "assay/conformal/calibration_analysis.h"
#include "assay/demo/calibration_demo.h"
#include "assay/io/tensor_file.h"

namespace {

namespace fs = std::filesystem;

struct CommandResult { int code; std::string output; };

CommandResult run(const std::string& args) {
    const std::string cmd = std::string(ASSAY_RUN_EXE) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = pclose(pipe);
    return {WEXITSTATUS(status), out};
}

fs::path tempDir() {
    const fs::path d = fs::temp_directory_path() / ("assay_cli_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

TEST(CliRun, ConformalDemoJsonMatchesCore) {
    const fs::path out = tempDir() / "r.json";
    const CommandResult r = run("conformal --demo --alpha 0.2 --delta 0.1 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::ifstream in(out);
    const auto j = nlohmann::json::parse(in);
    namespace cf = assay::core::conformal;
    const cf::ScoredItems s = cf::scoreItems(assay::core::demo::makeCalibrationDemo(), {0, 1}, cf::Statistic::PredictiveEntropy);
    cf::CalibrationParams p;
    p.alpha = 0.2; p.delta = 0.1;
    std::vector<std::size_t> cal, test;
    cf::drawSplit(s, p, 0, cal, test);
    const cf::SplitEvaluation e = cf::evaluateSplit(s, cal, test, 0.2, 0.1);
    EXPECT_DOUBLE_EQ(j["threshold"].get<double>(), e.threshold);
    EXPECT_EQ(j["per_item"]["p_value"].get<std::vector<double>>(), e.pValue);
    EXPECT_EQ(j["per_item"]["set_size"].get<std::vector<int>>(), std::vector<int>(e.setSize.begin(), e.setSize.end()));
    EXPECT_EQ(j["sconu"]["count"].get<std::size_t>(), e.sconu.count);
    EXPECT_EQ(j["provenance"]["inputs"][0]["file"], "demo");
    EXPECT_EQ(j["provenance"]["parameters"]["alpha"], 0.2);
}

TEST(CliRun, SafetensorsResultOpensWithTheLoader) {
    const fs::path out = tempDir() / "r.safetensors";
    ASSERT_EQ(run("conformal --demo --out " + out.string()).code, 0);
    const auto f = assay::core::io::TensorFile::open(out);
    EXPECT_EQ(f.require("p_value").shape.size(), 1u);
    EXPECT_TRUE(nlohmann::json::parse(f.metadata().at("assay")).contains("threshold"));
}

TEST(CliRun, BadArgumentsExitWithCodeTwoAndSayWhy) {
    const fs::path out = tempDir() / "bad.json";
    CommandResult r = run("conformal --demo --alpha 1.5 --out " + out.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("alpha"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
    r = run("conformal --demo --test-group Chemistry --out " + out.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("Law (shifted)"), std::string::npos) << r.output;  // lists the groups
    r = run("conformal --input /nonexistent.csv --out " + out.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("nonexistent.csv"), std::string::npos) << r.output;
    r = run("conformal --demo --map nonsense --out " + out.string());
    EXPECT_EQ(r.code, 2);
    r = run("frobnicate");
    EXPECT_EQ(r.code, 2);
    EXPECT_FALSE(fs::exists(out));
}

TEST(CliRun, CsvInputWithMappedGoldColumn) {
    const fs::path csv = tempDir() / "mc.csv";
    {
        std::ofstream f(csv);
        f << "answer,p_A,p_B,freq_A,freq_B,domain\n";
        for (int i = 0; i < 40; ++i)
            f << (i % 3 ? "A" : "B") << "," << 0.6 << "," << 0.4 << "," << (i % 5) / 5.0 << ","
              << 1 - (i % 5) / 5.0 << "," << (i % 2 ? "x" : "y") << "\n";
    }
    const fs::path out = tempDir() / "mc.json";
    CommandResult r = run("conformal --input " + csv.string() + " --out " + out.string());
    EXPECT_EQ(r.code, 2);  // no 'gold' column
    EXPECT_NE(r.output.find("gold"), std::string::npos) << r.output;
    r = run("conformal --input " + csv.string() + " --map gold=answer --map group=domain --test-group x --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::ifstream in(out);
    EXPECT_GT(nlohmann::json::parse(in)["test_items"].get<int>(), 0);
}

TEST(CliRun, InspectListsTensors) {
    const fs::path out = tempDir() / "i.safetensors";
    ASSERT_EQ(run("conformal --demo --out " + out.string()).code, 0);
    const CommandResult r = run("inspect " + out.string());
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.output.find("p_value\tF64"), std::string::npos) << r.output;
}

}  // namespace
