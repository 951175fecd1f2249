// assay-run judge-fit and judge as a user runs them, on votes tables written here from a seeded
// draw of the BetaConform model: accuracy_empirical against the majority rate counted here,
// accuracy_binomial against the closed form Σ_{x>n/2} C(n,x) p̂^x (1−p̂)^(n−x), the mixture
// against core's fitMixture on the same counts; a source fit re-read gives its parameters; the
// order column; the x/n form; transfer weights; bad input (exit 2, one line, nothing written);
// --demo.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include "assay/core/random.h"
#include "assay/judge/estimators.h"
#include "assay/judge/simulate.h"
#include "tests/cli/explain_cli_support.h"

namespace {

namespace fs = std::filesystem;
namespace jd = assay::core::judge;
using assay::test::CommandResult;
using assay::test::explain::writeNpy;
using assay::test::explain::writeText;
using nlohmann::json;

constexpr int kJudges = 5, kRows = 60;

fs::path dir(const std::string& name) {
    const fs::path d = assay::test::scratchPath("assay_judge_cli", name);
    fs::create_directories(d);
    return d;
}

CommandResult run(const std::string& args) { return assay::test::runAssayRun(args); }

json readJson(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

// Per-row 0/1 outcomes of kJudges judges, each row's count drawn from the model (seeded), the
// ones placed at random columns.
std::vector<std::vector<int>> drawVotes(std::uint64_t seed, int rows) {
    assay::core::SplitMix64 rng(seed);
    const std::vector<int> x = jd::sampleCounts({0.7, 8, 2, 2, 5}, kJudges, rows, rng);
    std::vector<std::vector<int>> v;
    for (int c : x) {
        std::vector<int> row(kJudges, 0);
        std::fill(row.begin(), row.begin() + c, 1);
        for (int j = kJudges - 1; j > 0; --j)
            std::swap(row[j], row[static_cast<int>(rng.next() % (j + 1))]);
        v.push_back(row);
    }
    return v;
}

std::vector<int> countsOf(const std::vector<std::vector<int>>& v) {
    std::vector<int> c;
    for (const auto& r : v) c.push_back(std::accumulate(r.begin(), r.end(), 0));
    return c;
}

// CSV with sample, j1..j5 (and order when given, rows permuted by perm).
void writeVotes(const fs::path& p, const std::vector<std::vector<int>>& v,
                const std::vector<int>* perm = nullptr) {
    std::string s = "sample,j1,j2,j3,j4,j5";
    if (perm) s += ",order";
    s += "\n";
    for (std::size_t k = 0; k < v.size(); ++k) {
        const std::size_t i = perm ? static_cast<std::size_t>((*perm)[k]) : k;
        s += "s" + std::to_string(i);
        for (int b : v[i]) s += "," + std::to_string(b);
        if (perm) s += "," + std::to_string(i + 1);
        s += "\n";
    }
    writeText(p, s);
}

TEST(JudgeCli, EstimatesEqualIndependentComputations) {
    const fs::path d = dir("estimates");
    const auto votes = drawVotes(11, kRows);
    const std::vector<int> x = countsOf(votes);
    writeVotes(d / "v.csv", votes);
    const CommandResult r =
        run("judge --votes " + (d / "v.csv").string() + " --out " + (d / "r.json").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const json j = readJson(d / "r.json");
    EXPECT_EQ(j["n"], kJudges);
    EXPECT_EQ(j["m"], kRows);
    EXPECT_EQ(j["judges"], json({"j1", "j2", "j3", "j4", "j5"}));
    // Empirical: the share of rows whose majority (≥ 3 of 5) agrees, counted here.
    double majority = 0, sum = 0;
    for (const auto& row : votes) {
        const int c = std::accumulate(row.begin(), row.end(), 0);
        majority += c >= 3;
        sum += c;
    }
    EXPECT_NEAR(j["accuracy_empirical"].get<double>(), majority / kRows, 1e-12);
    // Binomial: p̂ = mean(x)/n, A = Σ_{x ≥ 3} C(5,x) p̂^x (1−p̂)^(5−x).
    const double p = sum / kRows / kJudges;
    const double binom =
        10 * std::pow(p, 3) * std::pow(1 - p, 2) + 5 * std::pow(p, 4) * (1 - p) + std::pow(p, 5);
    EXPECT_NEAR(j["accuracy_binomial"].get<double>(), binom, 1e-12);
    // Mixture: core's fit on the same counts with the weak prior.
    const jd::Fit f = jd::fitMixture(jd::histogram(x, kJudges), jd::weakPrior());
    EXPECT_NEAR(j["accuracy_mixture"].get<double>(), f.accuracy, 1e-12);
    EXPECT_NEAR(j["accuracy"].get<double>(), f.accuracy, 1e-12);  // the default estimator
    EXPECT_NEAR(j["params"]["a1"].get<double>(), f.params.a1, 1e-9);
    EXPECT_TRUE(j.contains("accuracy_beta"));
    // The interval is the stop step's band.
    const json& st = j["stopping"];
    const auto& ms = st["trace"]["m"];
    const std::size_t k = std::find(ms.begin(), ms.end(), j["stop_m"]) - ms.begin();
    ASSERT_LT(k, ms.size());
    EXPECT_EQ(j["accuracy_interval"][0], st["trace"]["lo"][k]);
    EXPECT_EQ(j["accuracy_interval"][1], st["trace"]["hi"][k]);
    EXPECT_TRUE(st["trace"]["q"][0].is_null());  // m = 5 < (1−γ)/γ: q = +∞
    EXPECT_EQ(j["provenance"]["analysis"], "judge");
    // --estimator empirical makes it the headline.
    ASSERT_EQ(run("judge --estimator empirical --votes " + (d / "v.csv").string() + " --out " +
                  (d / "e.json").string())
                  .code,
              0);
    EXPECT_NEAR(readJson(d / "e.json")["accuracy"].get<double>(), majority / kRows, 1e-12);
    EXPECT_TRUE(readJson(d / "e.json")["params"].is_null());
    // The radius: jackknife by default; loo is the literal residual quantile, √m/(m − 1) times
    // narrower for the empirical rate (whose scaled residuals are Â or 1 − Â exactly).
    EXPECT_EQ(readJson(d / "e.json")["stopping"]["radius"], "jackknife");
    ASSERT_EQ(run("judge --estimator empirical --radius loo --votes " + (d / "v.csv").string() +
                  " --out " + (d / "l.json").string())
                  .code,
              0);
    const json jk = readJson(d / "e.json")["stopping"]["trace"],
               loo = readJson(d / "l.json")["stopping"]["trace"];
    EXPECT_EQ(readJson(d / "l.json")["stopping"]["radius"], "loo");
    const std::size_t steps = std::min(jk["q"].size(), loo["q"].size());
    ASSERT_GT(steps, 10u);
    for (std::size_t k = 4; k < steps; ++k) {  // m ≥ 9: finite radii
        const double m = jk["m"][k].get<double>();
        EXPECT_NEAR(loo["q"][k].get<double>(), jk["q"][k].get<double>() * std::sqrt(m) / (m - 1),
                    1e-12)
            << m;
    }
    EXPECT_EQ(run("judge --radius normal --votes " + (d / "v.csv").string() + " --out " +
                  (d / "x.json").string())
                  .code,
              2);
}

TEST(JudgeCli, CountsFormAndOrderColumnGiveTheSameResult) {
    const fs::path d = dir("forms");
    const auto votes = drawVotes(12, kRows);
    writeVotes(d / "sorted.csv", votes);
    std::vector<int> perm(kRows);
    std::iota(perm.begin(), perm.end(), 0);
    std::reverse(perm.begin(), perm.end());
    std::rotate(perm.begin(), perm.begin() + 17, perm.end());
    writeVotes(d / "shuffled.csv", votes, &perm);
    std::string xn = "x,n\n";
    for (int c : countsOf(votes)) xn += std::to_string(c) + "," + std::to_string(kJudges) + "\n";
    writeText(d / "xn.csv", xn);
    const std::string opts = " --epsilon 0.05 --budget 60";
    for (const std::string f : {"sorted", "shuffled", "xn"})
        ASSERT_EQ(run("judge --votes " + (d / (f + ".csv")).string() + opts + " --out " +
                      (d / (f + ".json")).string())
                      .code,
                  0)
            << f;
    const json a = readJson(d / "sorted.json"), b = readJson(d / "shuffled.json"),
               c = readJson(d / "xn.json");
    EXPECT_EQ(a["stopping"], b["stopping"]);
    EXPECT_EQ(a["stopping"], c["stopping"]);
    EXPECT_EQ(a["accuracy"], c["accuracy"]);
    EXPECT_EQ(c["judges"], json::array());
    // Without the order column the shuffled rows give another trace (so the check above bites).
    std::string noOrder;
    {
        std::ifstream in(d / "shuffled.csv");
        std::string line;
        while (std::getline(in, line)) noOrder += line.substr(0, line.rfind(',')) + "\n";
    }
    writeText(d / "unordered.csv", noOrder);
    ASSERT_EQ(run("judge --votes " + (d / "unordered.csv").string() + opts + " --out " +
                  (d / "u.json").string())
                  .code,
              0);
    EXPECT_NE(readJson(d / "u.json")["stopping"]["trace"], a["stopping"]["trace"]);
}

TEST(JudgeCli, SourceFitRoundTripsAndTransfers) {
    const fs::path d = dir("transfer");
    writeVotes(d / "src.csv", drawVotes(21, 400));
    writeVotes(d / "far.csv", drawVotes(22, 200));
    writeVotes(d / "target.csv", drawVotes(23, 30));
    writeNpy(d / "src.npy", {1, 0, 0, 0.2, 0, 1}, "(2, 3)");
    writeNpy(d / "far.npy", {0, 0, 1}, "(1, 3)");
    writeNpy(d / "t.npy", {1, 0.1, 0}, "(1, 3)");
    CommandResult r =
        run("judge-fit --votes " + (d / "src.csv").string() + " --embeddings " +
            (d / "src.npy").string() + " --name near --out " + (d / "near.json").string());
    ASSERT_EQ(r.code, 0) << r.output;
    ASSERT_EQ(
        run("judge-fit --votes " + (d / "far.csv").string() + " --out " + (d / "far.json").string())
            .code,
        0);
    const json s = readJson(d / "near.json");
    EXPECT_EQ(s["name"], "near");
    EXPECT_EQ(s["n"], kJudges);
    EXPECT_EQ(s["m"], 400);
    EXPECT_EQ(s["mean_embedding"], json({0.6, 0.0, 0.5}));
    EXPECT_FALSE(readJson(d / "far.json").contains("mean_embedding"));
    const jd::Fit f =
        jd::fitMixture(jd::histogram(countsOf(drawVotes(21, 400)), kJudges), jd::weakPrior());
    EXPECT_NEAR(s["params"]["pi"].get<double>(), f.params.pi, 1e-12);
    EXPECT_NEAR(s["params"]["b2"].get<double>(), f.params.b2, 1e-12);

    r = run("judge --votes " + (d / "target.csv").string() + " --target-embeddings " +
            (d / "t.npy").string() + " --source " + (d / "near.json").string() + " --source " +
            (d / "far.json").string() + ":" + (d / "far.npy").string() + " --out " +
            (d / "r.json").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const json j = readJson(d / "r.json");
    EXPECT_EQ(j["transfer"]["sources"], json({"near", "far"}));
    // cos(t, near) and cos(t, far) by hand, then the softmax at τ = 0.05.
    const double cn = (0.6 + 0) / std::sqrt(1.01 * (0.36 + 0.25)), cf = 0;
    EXPECT_NEAR(j["transfer"]["similarities"][0].get<double>(), cn, 1e-12);
    EXPECT_NEAR(j["transfer"]["similarities"][1].get<double>(), cf, 1e-12);
    const double wn = 1 / (1 + std::exp((cf - cn) / 0.05));
    EXPECT_NEAR(j["transfer"]["weights"][0].get<double>(), wn, 1e-12);
    // The transferred prior: π ~ Beta(1 + 20 π̄, 1 + 20 (1 − π̄)), with the source's π re-read.
    const double piBar = wn * s["params"]["pi"].get<double>() +
                         (1 - wn) * readJson(d / "far.json")["params"]["pi"].get<double>();
    EXPECT_NEAR(j["prior"]["a_pi"].get<double>(), 1 + 20 * piBar, 1e-9);
    EXPECT_EQ(j["prior"]["s"], 0.3);
}

TEST(JudgeCli, BadInputExitsTwoAndWritesNothing) {
    const fs::path d = dir("bad");
    writeText(d / "range.csv", "x,n\n2,5\n6,5\n");
    writeText(d / "two.csv", "a,b,c\n1,0,1\n1,2,0\n");
    writeText(d / "vary.csv", "x,n\n2,5\n1,3\n");
    writeText(d / "empty.csv", "a,b,c\n");
    writeText(d / "three.csv", "a,b,c\n1,0,1\n1,1,0\nTrue,FALSE,true\n");
    writeVotes(d / "ok.csv", drawVotes(31, 20));
    writeNpy(d / "t3.npy", {1, 0, 0}, "(1, 3)");
    writeNpy(d / "t4.npy", {1, 0, 0, 0}, "(1, 4)");
    ASSERT_EQ(run("judge-fit --votes " + (d / "ok.csv").string() + " --embeddings " +
                  (d / "t4.npy").string() + " --out " + (d / "s4.json").string())
                  .code,
              0);
    const std::string ok = " --votes " + (d / "ok.csv").string();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"judge --votes " + (d / "range.csv").string(), "range.csv: row 2, column x"},
        {"judge --votes " + (d / "two.csv").string(), "two.csv: row 2, column b: expected 0 or 1"},
        {"judge --votes " + (d / "vary.csv").string(), "vary.csv: row 2, column n"},
        {"judge --votes " + (d / "empty.csv").string(), "empty.csv: rows: no labelled samples"},
        {"judge" + ok + " --judges j1,j9", "ok.csv: j9: no such judge column"},
        {"judge" + ok + " --estimator median", "median"},
        {"judge" + ok + " --target-embeddings " + (d / "t3.npy").string() + " --source " +
             (d / "s4.json").string(),
         "s4.json: mean_embedding: dimension: is 4"},
        {"judge-fit --votes " + (d / "two.csv").string(), "two.csv: row 2, column b"},
        {"judge" + ok + " --judges j1,j1", "ok.csv: j1: is named twice"},
        {"judge" + ok + " --epsilon 1.5", "epsilon: 1.5 is outside (0, 1]"},
        {"judge" + ok + " --gamma 1", "gamma: 1 is outside (0, 1)"},
        {"judge --votes " + (d / "three.csv").string(), "three.csv: rows: 3 labelled samples"},
    };
    // An output that is not JSON is refused as such (not as "json or safetensors").
    const CommandResult txt = run("judge --demo --out " + (d / "r.txt").string());
    EXPECT_EQ(txt.code, 2);
    EXPECT_NE(txt.output.find("must end in .json"), std::string::npos) << txt.output;
    EXPECT_EQ(txt.output.find("safetensors"), std::string::npos) << txt.output;
    for (const auto& [args, message] : cases) {
        const fs::path out = d / "out.json";
        const CommandResult r = run(args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
        EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
        EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
        EXPECT_FALSE(fs::exists(out)) << args;
    }
}

TEST(JudgeCli, DemoRunsWithNoFiles) {
    const fs::path d = dir("demo");
    const CommandResult r = run("judge --demo --out " + (d / "r.json").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const json j = readJson(d / "r.json");
    EXPECT_EQ(j["n"], 5);
    EXPECT_EQ(j["transfer"]["sources"], json({"similar-a", "similar-b", "dissimilar"}));
    EXPECT_LT(j["transfer"]["weights"][2].get<double>(), 0.01);
    EXPECT_GT(j["accuracy"].get<double>(), 0.5);
    EXPECT_LT(j["accuracy"].get<double>(), 0.85);
    EXPECT_EQ(j["provenance"]["inputs"][0]["file"], "demo");
}

}  // namespace
