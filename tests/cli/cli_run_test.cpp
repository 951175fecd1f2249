// assay-run as a script uses it: exit codes, messages, and result files that match core.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "assay/conformal/calibration_analysis.h"
#include "assay/demo/calibration_demo.h"
#include "assay/io/tensor_file.h"

namespace {

namespace fs = std::filesystem;

struct CommandResult {
    int code;
    std::string output;
};

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
    const cf::ScoredItems s = cf::scoreItems(assay::core::demo::makeCalibrationDemo(), {0, 1},
                                             cf::Statistic::PredictiveEntropy);
    cf::CalibrationParams p;
    p.alpha = 0.2;
    p.delta = 0.1;
    std::vector<std::size_t> cal, test;
    cf::drawSplit(s, p, 0, cal, test);
    const cf::SplitEvaluation e = cf::evaluateSplit(s, cal, test, 0.2, 0.1);
    EXPECT_DOUBLE_EQ(j["threshold"].get<double>(), e.threshold);
    EXPECT_EQ(j["per_item"]["p_value"].get<std::vector<double>>(), e.pValue);
    EXPECT_EQ(j["per_item"]["set_size"].get<std::vector<int>>(),
              std::vector<int>(e.setSize.begin(), e.setSize.end()));
    EXPECT_EQ(j["sconu"]["count"].get<std::size_t>(), e.sconu.count);
    EXPECT_EQ(j["provenance"]["inputs"][0]["file"], "demo");
    EXPECT_EQ(j["provenance"]["parameters"]["alpha"], 0.2);
}

TEST(CliRun, SafetensorsResultOpensWithTheLoader) {
    const fs::path out = tempDir() / "r.safetensors";
    ASSERT_EQ(run("conformal --demo --out " + out.string()).code, 0);
    const auto f = assay::core::io::TensorFile::open(out);
    EXPECT_EQ(f.require("p_value").shape.size(), 1u);
    EXPECT_EQ(f.require("selected_pro").shape, f.require("selected").shape);  // as in the JSON
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
    r = run("conformal --input " + csv.string() +
            " --map gold=answer --map group=domain --test-group x --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::ifstream in(out);
    EXPECT_GT(nlohmann::json::parse(in)["test_items"].get<int>(), 0);
}

TEST(CliRun, OutOfRangeSeedAndRepetitionsExitWithCodeTwo) {
    const fs::path out = tempDir() / "range.json";
    CommandResult r = run("conformal --demo --seed -3 --out " + out.string());
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("--seed"), std::string::npos) << r.output;
    r = run("conformal --demo --repetitions 0 --out " + out.string());
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("--repetitions"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
}

TEST(CliRun, OutIntoAMissingFolderCreatesItAndTheSummaryIsRounded) {
    const fs::path dir = tempDir() / "new" / "deeper";
    fs::remove_all(tempDir() / "new");
    const CommandResult r = run("conformal --demo --out " + (dir / "r.json").string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(fs::exists(dir / "r.json"));
    // "coverage 0.68 → 0.7012", never 0.6799999999999999 (the JSON keeps full precision).
    const std::string line = r.output.substr(0, r.output.find('\n'));
    EXPECT_EQ(line.find("99999"), std::string::npos) << line;
    EXPECT_EQ(line.find("00000"), std::string::npos) << line;
    for (std::size_t dot = line.find('.'); dot != std::string::npos;
         dot = line.find('.', dot + 1)) {
        std::size_t digits = 0;
        while (dot + 1 + digits < line.size() &&
               std::isdigit(static_cast<unsigned char>(line[dot + 1 + digits])))
            ++digits;
        EXPECT_LE(digits, 4u) << line;
    }
}

TEST(CliRun, DataWithoutGroupsOrFrequenciesGetsClearMessagesAndWhiteBoxDefaults) {
    const fs::path csv = tempDir() / "white.csv";
    {
        std::ofstream f(csv);
        f << "gold,p_A,p_B,p_C\n";
        for (int i = 0; i < 60; ++i)
            f << "ABC"[i % 3] << "," << 0.2 + (i % 7) / 20.0 << "," << 0.5 - (i % 7) / 20.0
              << ",0.3\n";
    }
    const fs::path out = tempDir() / "white.json";
    CommandResult r =
        run("conformal --input " + csv.string() + " --test-group 7 --out " + out.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("no groups"), std::string::npos) << r.output;
    r = run("conformal --input " + csv.string() + " --map gold=nope --out " + out.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("column 'nope' (mapped to role gold) not found"), std::string::npos)
        << r.output;
    // Probabilities only: the black-box defaults switch to weights 1,0 and the white-box statistic.
    r = run("conformal --input " + csv.string() + " --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("weights 1,0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("statistic whitebox"), std::string::npos) << r.output;
    std::ifstream in(out);
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j["provenance"]["parameters"]["statistic"], "whitebox");
    EXPECT_EQ(j["provenance"]["parameters"]["weights"], nlohmann::json({1.0, 0.0}));
    // Asked for explicitly, an impossible choice is still an error.
    r = run("conformal --input " + csv.string() + " --statistic distinct --out " + out.string());
    EXPECT_EQ(r.code, 2);
}

TEST(CliRun, InspectListsTensors) {
    const fs::path out = tempDir() / "i.safetensors";
    ASSERT_EQ(run("conformal --demo --out " + out.string()).code, 0);
    const CommandResult r = run("inspect " + out.string());
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.output.find("p_value\tF64"), std::string::npos) << r.output;
}

// Columns of a line as a terminal shows it (UTF-8: one per code point).
std::size_t columns(const std::string& line) {
    std::size_t n = 0;
    for (unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

// What CLI11 prints for its own types and validators, which users should not have to read.
const char* const kTypeNoise[] = {"UINT", "INT:", "FLOAT", "TEXT", ":INT", "=[", "REQUIRED"};

TEST(CliRun, HelpFitsIn100ColumnsSaysWhatEachOptionTakesAndHasNoTypeNoise) {
    const CommandResult top = run("--help");
    ASSERT_EQ(top.code, 0) << top.output;
    EXPECT_NE(top.output.find("--version"), std::string::npos) << top.output;
    std::vector<std::string> commands;
    for (const char* c : {"conformal", "coactivation", "c2r", "moe-demo", "inspect"}) {
        EXPECT_NE(top.output.find(std::string("  ") + c), std::string::npos) << c;
        commands.push_back(std::string(c) + " --help");
    }
    commands.push_back("--help");
    for (const std::string& args : commands) {
        const CommandResult r = run(args);
        ASSERT_EQ(r.code, 0) << args << "\n" << r.output;
        for (const std::string& line : lines(r.output)) {
            EXPECT_LE(columns(line), 100u) << args << ": " << line;
            for (const char* noise : kTypeNoise)
                EXPECT_EQ(line.find(noise), std::string::npos) << args << ": " << line;
            // An option row: "  -o,--out FILE   description"; one that takes a value names it.
            if (line.rfind("  -", 0) != 0) continue;
            const std::string head = line.substr(2, line.find("  ", 2) - 2);
            const bool flag = head.find(' ') == std::string::npos;
            if (!flag) {
                const std::string value = head.substr(head.find(' ') + 1);
                EXPECT_TRUE(std::isupper(static_cast<unsigned char>(value[0])) ||
                            value.rfind("true|false", 0) == 0)
                    << args << ": " << line;
            }
        }
    }
    // Defaults read "(default 10)", after the description.
    const CommandResult demo = run("moe-demo --help");
    EXPECT_NE(demo.output.find("--tokens N"), std::string::npos) << demo.output;
    EXPECT_NE(demo.output.find("(default "), std::string::npos) << demo.output;
    // A bounded option says its bounds where the user reads it, not only in the error.
    EXPECT_NE(demo.output.find("MoE layers (1..8)"), std::string::npos) << demo.output;
    EXPECT_NE(run("conformal --help").output.find("--out FILE"), std::string::npos);
    EXPECT_NE(run("inspect --help").output.find("FILE"), std::string::npos);
}

TEST(CliRun, ErrorsFollowOneStyle) {
    const fs::path out = tempDir() / "style.json";
    // "assay-run: --option: what is wrong" for every argument error, CLI11's own included.
    struct Case {
        std::string args, starts;
    };
    const Case cases[] = {
        {"conformal --demo --alpha abc --out " + out.string(), "assay-run: --alpha: "},
        {"conformal --demo --alpha 1.5 --out " + out.string(), "assay-run: --alpha: "},
        {"conformal --demo --repetitions 0 --out " + out.string(), "assay-run: --repetitions: "},
        {"conformal --demo --weights 1 --out " + out.string(), "assay-run: --weights: "},
        {"conformal --demo --out", "assay-run: --out: "},
        {"moe-demo", "assay-run: --out: "},
        {"frobnicate", "assay-run: frobnicate: "},
        {"conformal --demo --frobnicate --out " + out.string(), "assay-run: --frobnicate: "},
        {"", "assay-run: "},
        // Input errors: "assay-run: FILE: field: what is wrong".
        {"conformal --input /nonexistent.csv --out " + out.string(),
         "assay-run: /nonexistent.csv: "},
    };
    for (const Case& c : cases) {
        const CommandResult r = run(c.args);
        EXPECT_EQ(r.code, 2) << c.args << "\n" << r.output;
        EXPECT_EQ(r.output.rfind(c.starts, 0), 0u) << c.args << "\n" << r.output;
        // One line, in words: no CLI11 phrasing or type names.
        EXPECT_EQ(lines(r.output).size(), 1u) << c.args << "\n" << r.output;
        for (const char* cli11 : {"Run with --help", "The following argument", "Could not convert",
                                  "required but received", "A subcommand", "Value "})
            EXPECT_EQ(r.output.find(cli11), std::string::npos) << c.args << "\n" << r.output;
        for (const char* noise : kTypeNoise)
            EXPECT_EQ(r.output.find(noise), std::string::npos) << c.args << "\n" << r.output;
    }
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
