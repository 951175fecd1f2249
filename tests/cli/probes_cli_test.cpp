// assay-run probe / steer / transfer / preference as a user runs them: tensors named and shaped
// as the README says, their values against the core API on the same file and against plain
// double references (class means, scores, pair-count AUROC, the linear steering shift), .npz
// output, the demo, and bad input (exit 2, a message naming it, nothing written).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "assay/core/random.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "assay/probes/preference_pairs.h"
#include "assay/probes/preference_separability.h"
#include "assay/probes/probe_dataset.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probe_training.h"
#include "tests/cli/cli_process.h"

namespace {

namespace fs = std::filesystem;
namespace io = assay::core::io;
namespace pr = assay::core::probes;
using assay::core::SplitMix64;
using assay::test::CommandResult;
using nlohmann::json;

fs::path scratch(const std::string& name) {
    return assay::test::scratchPath("assay_probes_cli", name);
}

CommandResult run(const std::string& args) { return assay::test::runAssayRun(args); }

// Gaussian classes in d dimensions: hallucinated rows shifted by delta·(l+1)/L along a fixed
// unit direction at layer l (deeper layers separate better), written as F32 `hidden` [L, N, d].
struct Planted {
    int L = 3;
    std::int64_t n = 240, d = 6;
    std::vector<double> hidden;  // L × N × d
    std::vector<std::int64_t> labels;
};

Planted planted(std::uint64_t seed, double delta = 1.5) {
    Planted p;
    SplitMix64 rng(seed);
    p.labels.resize(static_cast<std::size_t>(p.n));
    for (std::int64_t i = 0; i < p.n; ++i) p.labels[static_cast<std::size_t>(i)] = i % 3 == 0;
    p.hidden.resize(static_cast<std::size_t>(p.L * p.n * p.d));
    for (int l = 0; l < p.L; ++l)
        for (std::int64_t i = 0; i < p.n; ++i)
            for (std::int64_t k = 0; k < p.d; ++k) {
                double v = rng.normal();
                if (p.labels[static_cast<std::size_t>(i)] && k < 2)
                    v += delta * (l + 1) / p.L / std::sqrt(2.0);
                p.hidden[static_cast<std::size_t>((l * p.n + i) * p.d + k)] = v;
            }
    return p;
}

io::TensorToWrite f32(const std::string& name, const std::vector<double>& v,
                      std::vector<std::int64_t> shape) {
    io::TensorToWrite t{name, io::DType::F32, std::move(shape), {}};
    t.bytes.resize(v.size() * 4);
    for (std::size_t i = 0; i < v.size(); ++i) {
        const float f = static_cast<float>(v[i]);
        std::memcpy(t.bytes.data() + 4 * i, &f, 4);
    }
    return t;
}

void writeStates(const fs::path& path, const Planted& p,
                 std::optional<std::vector<std::int64_t>> labels = std::nullopt) {
    io::writeSafetensors(path,
                         {f32("hidden", p.hidden, {p.L, p.n, p.d}),
                          io::tensorFromInt64("layer_index", {4, 8, 12}, {3}),
                          io::tensorFromInt64("label", labels ? *labels : p.labels, {p.n})},
                         {});
}

// Row i of layer l as the file holds it (rounded to float).
double at(const Planted& p, int l, std::int64_t i, std::int64_t k) {
    return static_cast<float>(p.hidden[static_cast<std::size_t>((l * p.n + i) * p.d + k)]);
}

// P(score of a positive > a negative) + ½ P(tie), by counting pairs.
double pairAuroc(const std::vector<double>& s, const std::vector<int>& y) {
    double wins = 0, pairs = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t j = 0; j < s.size(); ++j)
            if (y[i] == 1 && y[j] == 0) {
                pairs += 1;
                wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
            }
    return wins / pairs;
}

TEST(ProbesCli, ProbeWritesTheProbeFileOfTheCore) {
    const fs::path dir = scratch("probe");
    fs::create_directories(dir);
    const Planted p = planted(1);
    writeStates(dir / "s.safetensors", p);
    const CommandResult r = run("probe --states " + (dir / "s.safetensors").string() +
                                " --seed 3 --out " + (dir / "p.safetensors").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const pr::ProbeFile f = pr::readProbeFile(dir / "p.safetensors");
    EXPECT_EQ(f.layers, (std::vector<int>{4, 8, 12}));
    EXPECT_EQ(f.width, p.d);
    EXPECT_EQ(f.metadata.at("seed"), "3");
    EXPECT_EQ(f.metadata.at("split"), "seeded");
    EXPECT_EQ(f.metadata.at("normalisation"), "none");
    const io::TensorFile tf = io::TensorFile::open(dir / "p.safetensors");
    const json result = json::parse(tf.metadata().at("assay"));
    EXPECT_EQ(result["provenance"]["analysis"], "probe");
    EXPECT_EQ(tf.require("auroc").shape, (std::vector<std::int64_t>{3}));
    EXPECT_EQ(tf.find("auroc_cv_std"), nullptr);  // only with --cv
    // The core on the same file, same options: the same probes.
    const pr::ProbeDataset ds = pr::ProbeDataset::open(dir / "s.safetensors");
    pr::ProbeRequest req;
    req.seed = 3;
    const pr::ProbeTraining t = pr::trainProbes(ds, req);
    const std::vector<double> auroc = tf.toDoubles("auroc");
    const pr::ProbeSplit split = pr::makeSplit(ds.labels(), std::nullopt, std::nullopt, 0.25, 3);
    EXPECT_EQ(t.split.test, split.test);
    for (int l = 0; l < 3; ++l) {
        const auto row = [&](const std::vector<double>& v) {
            return std::vector<double>(v.begin() + l * p.d, v.begin() + (l + 1) * p.d);
        };
        EXPECT_EQ(row(f.weights), t.layers[l].probe.weights);
        EXPECT_EQ(f.bias[l], t.layers[l].probe.bias);
        EXPECT_EQ(auroc[l], t.layers[l].auroc);
        // Plain references: held-out scores from the file's weights, AUROC by pair count.
        std::vector<double> scores;
        std::vector<int> y;
        for (const std::int64_t i : split.test) {
            double s = f.bias[l];
            for (std::int64_t k = 0; k < p.d; ++k) s += f.weights[l * p.d + k] * at(p, l, i, k);
            scores.push_back(s);
            y.push_back(static_cast<int>(p.labels[i]));
        }
        EXPECT_NEAR(auroc[l], pairAuroc(scores, y), 1e-9);
        // Mass-mean direction over the training rows, unit, towards real.
        std::vector<double> mr(p.d, 0), mh(p.d, 0);
        double nr = 0, nh = 0;
        for (const std::int64_t i : split.train) {
            auto& m = p.labels[i] ? mh : mr;
            (p.labels[i] ? nh : nr) += 1;
            for (std::int64_t k = 0; k < p.d; ++k) m[k] += at(p, l, i, k);
        }
        double norm = 0;
        std::vector<double> v(p.d);
        for (std::int64_t k = 0; k < p.d; ++k) {
            v[k] = mr[k] / nr - mh[k] / nh;
            norm += v[k] * v[k];
        }
        double wn = 0;
        for (std::int64_t k = 0; k < p.d; ++k)
            wn += f.weights[l * p.d + k] * f.weights[l * p.d + k];
        for (std::int64_t k = 0; k < p.d; ++k) {
            EXPECT_NEAR(f.direction[l * p.d + k], v[k] / std::sqrt(norm), 1e-9);
            EXPECT_NEAR(f.probeDirection[l * p.d + k], -f.weights[l * p.d + k] / std::sqrt(wn),
                        1e-12);
        }
    }
    EXPECT_GT(auroc[2], auroc[0]);  // the planted shift grows with depth
    EXPECT_GT(auroc[2], 0.8);
}

TEST(ProbesCli, CrossValidationAndNpz) {
    const fs::path dir = scratch("cv");
    fs::create_directories(dir);
    const Planted p = planted(2);
    writeStates(dir / "s.safetensors", p);
    const CommandResult r =
        run("probe --states " + (dir / "s.safetensors").string() +
            " --cv 3 --c-grid 0.1,1 --balanced --layers 8,12 --out " + (dir / "p.npz").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile tf = io::TensorFile::open(dir / "p.npz");
    const pr::ProbeFile f = pr::readProbeFile(dir / "p.npz");
    EXPECT_EQ(f.layers, (std::vector<int>{8, 12}));
    EXPECT_EQ(f.metadata.at("balanced"), "true");
    for (const char* name : {"auroc", "auroc_cv_mean", "auroc_cv_std", "C_chosen"})
        EXPECT_EQ(tf.require(name).shape, (std::vector<std::int64_t>{2})) << name;
    for (const double c : tf.toDoubles("C_chosen")) EXPECT_TRUE(c == 0.1 || c == 1.0) << c;
    for (const double s : tf.toDoubles("auroc_cv_std")) EXPECT_GE(s, 0);
    // The JSON summary alone.
    ASSERT_EQ(run("probe --states " + (dir / "s.safetensors").string() + " --out " +
                  (dir / "p.json").string())
                  .code,
              0);
    EXPECT_TRUE(fs::exists(dir / "p.json"));
}

TEST(ProbesCli, SteerShiftsScoresAsTheLinearProbeSays) {
    const fs::path dir = scratch("steer");
    fs::create_directories(dir);
    const Planted p = planted(3);
    writeStates(dir / "s.safetensors", p);
    ASSERT_EQ(run("probe --states " + (dir / "s.safetensors").string() + " --seed 5 --out " +
                  (dir / "p.safetensors").string())
                  .code,
              0);
    const CommandResult r = run("steer --states " + (dir / "s.safetensors").string() + " --probe " +
                                (dir / "p.safetensors").string() + " --alpha=-2:2:5 --out " +
                                (dir / "st.safetensors").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile tf = io::TensorFile::open(dir / "st.safetensors");
    EXPECT_EQ(tf.toDoubles("alpha"), (std::vector<double>{-2, -1, 0, 1, 2}));
    EXPECT_EQ(tf.require("score_shift").shape, (std::vector<std::int64_t>{3, 5}));
    EXPECT_EQ(tf.toInt64("layer_index"), (std::vector<std::int64_t>{4, 8, 12}));
    const std::vector<double> shift = tf.toDoubles("score_shift"),
                              flipped = tf.toDoubles("flipped_share");
    // Plain reference: the held-out rows of the probe's split, h + α σ v, p = σ(w·h + b).
    const pr::ProbeFile f = pr::readProbeFile(dir / "p.safetensors");
    std::vector<std::uint8_t> labels(p.labels.begin(), p.labels.end());
    const pr::ProbeSplit split = pr::makeSplit(labels, std::nullopt, std::nullopt, 0.25, 5);
    const double alphas[] = {-2, -1, 0, 1, 2};
    for (int l = 0; l < 3; ++l) {
        double wv = 0;
        for (std::int64_t k = 0; k < p.d; ++k)
            wv += f.weights[l * p.d + k] * f.direction[l * p.d + k];
        for (int a = 0; a < 5; ++a) {
            double sum = 0, flaggedBefore = 0, flippedNow = 0;
            for (const std::int64_t i : split.test) {
                double s = f.bias[l];
                for (std::int64_t k = 0; k < p.d; ++k) s += f.weights[l * p.d + k] * at(p, l, i, k);
                const double s2 = s + alphas[a] * f.sigma[l] * wv;
                sum += 1 / (1 + std::exp(-s2)) - 1 / (1 + std::exp(-s));
                if (p.labels[i] && s > 0) {
                    flaggedBefore += 1;
                    flippedNow += alphas[a] > 0 && s2 <= 0;
                }
            }
            EXPECT_NEAR(shift[l * 5 + a], sum / static_cast<double>(split.test.size()), 1e-6)
                << "layer " << l << " alpha " << alphas[a];
            EXPECT_NEAR(flipped[l * 5 + a], flaggedBefore ? flippedNow / flaggedBefore : 0, 1e-12)
                << "layer " << l << " alpha " << alphas[a];
        }
    }
}

TEST(ProbesCli, TransferUnderARotationEqualsTheSourceDetector) {
    const fs::path dir = scratch("transfer");
    fs::create_directories(dir);
    const Planted p = planted(4, 2.5);
    writeStates(dir / "a.safetensors", p);
    // The target: every row rotated by one orthogonal Q (a product of Givens rotations).
    Planted q = p;
    SplitMix64 rng(9);
    for (int g = 0; g < 12; ++g) {
        const std::int64_t i = static_cast<std::int64_t>(rng.below(p.d)),
                           j = (i + 1 + static_cast<std::int64_t>(rng.below(p.d - 1))) % p.d;
        const double th = rng.uniform() * 6.283185307179586, c = std::cos(th), s = std::sin(th);
        for (std::int64_t r = 0; r < p.L * p.n; ++r) {
            double& x = q.hidden[static_cast<std::size_t>(r * p.d + i)];
            double& y = q.hidden[static_cast<std::size_t>(r * p.d + j)];
            const double xi = x, yj = y;
            x = c * xi - s * yj;
            y = s * xi + c * yj;
        }
    }
    writeStates(dir / "b.safetensors", q);
    const CommandResult r = run("transfer --source " + (dir / "a.safetensors").string() +
                                " --target " + (dir / "b.safetensors").string() +
                                " --rank 6 --out " + (dir / "t.safetensors").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile tf = io::TensorFile::open(dir / "t.safetensors");
    EXPECT_EQ(tf.require("procrustes").shape, (std::vector<std::int64_t>{3, 6, 6}));
    const std::vector<double> a = tf.toDoubles("auroc"), s = tf.toDoubles("auroc_source"),
                              R = tf.toDoubles("procrustes");
    for (int l = 0; l < 3; ++l) {
        EXPECT_NEAR(a[l], s[l], 2e-3) << "layer " << l;
        // R is orthogonal.
        for (int i = 0; i < 6; ++i)
            for (int j = 0; j < 6; ++j) {
                double dot = 0;
                for (int k = 0; k < 6; ++k) dot += R[l * 36 + k * 6 + i] * R[l * 36 + k * 6 + j];
                EXPECT_NEAR(dot, i == j ? 1 : 0, 1e-9);
            }
    }
    const json result = json::parse(tf.metadata().at("assay"));
    EXPECT_EQ(result["rank"], 6);
    EXPECT_EQ(result["provenance"]["analysis"], "transfer");
}

// chosen = rejected + a planted shift (separable) or both from one distribution (not).
void writePairs(const fs::path& path, std::uint64_t seed, double shift) {
    SplitMix64 rng(seed);
    const std::int64_t n = 200, d = 5;
    std::vector<double> c(2 * n * d), r(2 * n * d);
    for (std::size_t i = 0; i < c.size(); ++i) {
        r[i] = rng.normal();
        c[i] = rng.normal() + ((i % d) == 0 ? shift : 0);
    }
    io::writeSafetensors(path, {f32("chosen", c, {2, n, d}), f32("rejected", r, {2, n, d})},
                         {{"layer_index", "[3, 7]"}});
}

TEST(ProbesCli, PreferenceSeparatesThePlantedSet) {
    const fs::path dir = scratch("pref");
    fs::create_directories(dir);
    writePairs(dir / "multi.safetensors", 1, 2.0);
    writePairs(dir / "single.safetensors", 2, 0.0);
    const CommandResult r =
        run("preference --pairs " + (dir / "multi.safetensors").string() + " " +
            (dir / "single.safetensors").string() + " --out " + (dir / "p.safetensors").string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile tf = io::TensorFile::open(dir / "p.safetensors");
    EXPECT_EQ(tf.require("auroc").shape, (std::vector<std::int64_t>{2, 2}));
    EXPECT_EQ(tf.toInt64("layer_index"), (std::vector<std::int64_t>{3, 7}));
    const std::vector<double> auroc = tf.toDoubles("auroc");
    EXPECT_GT(auroc[0], 0.9);
    EXPECT_NEAR(auroc[2], 0.5, 0.15);
    // The core on the same files.
    const pr::PreferencePairs a = pr::PreferencePairs::open(dir / "multi.safetensors"),
                              b = pr::PreferencePairs::open(dir / "single.safetensors");
    const pr::PreferenceResult core = pr::preferenceSeparability({&a, &b}, {});
    for (int ds = 0; ds < 2; ++ds)
        for (int l = 0; l < 2; ++l) EXPECT_EQ(auroc[ds * 2 + l], core.datasets[ds].layers[l].auroc);
    const json result = json::parse(tf.metadata().at("assay"));
    EXPECT_EQ(result["datasets"][0]["name"], "multi");
    EXPECT_EQ(result["datasets"][1]["name"], "single");
}

TEST(ProbesCli, DemoRunsThroughEveryCommand) {
    const fs::path dir = scratch("demo");
    fs::create_directories(dir);
    const std::string out = dir.string();
    for (const std::string& args :
         {"probe --demo --out " + out + "/p.safetensors", "steer --demo --out " + out + "/s.json",
          "transfer --demo --out " + out + "/t.safetensors",
          "preference --demo --out " + out + "/r.safetensors"}) {
        const CommandResult r = run(args);
        EXPECT_EQ(r.code, 0) << args << "\n" << r.output;
    }
    const io::TensorFile p = io::TensorFile::open(dir / "p.safetensors");
    EXPECT_GE(p.require("auroc").shape[0], 2);
    const json steer = json::parse(std::ifstream(dir / "s.json"));
    EXPECT_EQ(steer["alpha"].size(), 17u);
    EXPECT_EQ(steer["provenance"]["inputs"][0][1], "demo");
    const io::TensorFile r = io::TensorFile::open(dir / "r.safetensors");
    EXPECT_EQ(r.require("auroc").shape[0], 2);
    const io::TensorFile t = io::TensorFile::open(dir / "t.safetensors");
    EXPECT_EQ(t.require("procrustes").shape[1], 48);  // capped at the second model's width
}

// Exit 2, the message names `expected`, and `out` is not written.
void expectRefused(const std::string& args, const std::string& expected, const fs::path& out) {
    const CommandResult r = run(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(expected), std::string::npos) << args << "\n" << r.output;
    EXPECT_FALSE(fs::exists(out)) << args;
}

TEST(ProbesCli, BadInputExitsTwoAndWritesNothing) {
    const fs::path dir = scratch("bad");
    fs::create_directories(dir);
    const Planted p = planted(5);
    writeStates(dir / "s.safetensors", p);
    std::vector<std::int64_t> bad = p.labels;
    bad[17] = 2;
    writeStates(dir / "labels.safetensors", p, bad);
    Planted nan = p;
    nan.hidden[static_cast<std::size_t>((1 * p.n + 9) * p.d + 2)] = std::nan("");
    writeStates(dir / "nan.safetensors", nan);
    const std::string s = (dir / "s.safetensors").string();
    const fs::path out = dir / "out.safetensors";
    const std::string o = " --out " + out.string();
    expectRefused("probe --states " + (dir / "labels.safetensors").string() + o,
                  "labels.safetensors: label: row 17 is 2", out);
    expectRefused("probe --states " + (dir / "nan.safetensors").string() + o, "row 9 is not finite",
                  out);
    expectRefused("probe --states " + s + " --cv 1" + o, "--cv", out);
    expectRefused("probe --states " + s + " --cv 3 --C 2" + o, "--C", out);
    expectRefused("probe --states " + s + " --test-fraction 1.5" + o, "--test-fraction", out);
    expectRefused("probe --states " + s + " --layers 5" + o, "5", out);
    expectRefused("probe --states " + s + " --out " + (dir / "x.txt").string(), "--out",
                  dir / "x.txt");
    expectRefused("probe --states " + s + " --demo" + o, "--states", out);
    expectRefused("probe" + o, "--states", out);
    // A probe of another width, a missing probe, a bad alpha range.
    ASSERT_EQ(run("probe --states " + s + " --out " + (dir / "p.safetensors").string()).code, 0);
    Planted wide = planted(6);
    wide.d = 7;
    wide.hidden.resize(static_cast<std::size_t>(wide.L * wide.n * wide.d), 0.5);
    writeStates(dir / "wide.safetensors", wide);
    expectRefused("steer --states " + (dir / "wide.safetensors").string() + " --probe " +
                      (dir / "p.safetensors").string() + o,
                  "width 6", out);
    expectRefused("steer --states " + s + o, "--probe", out);
    expectRefused("steer --states " + s + " --probe " + s + o, "not an Assay probe", out);
    expectRefused(
        "steer --states " + s + " --probe " + (dir / "p.safetensors").string() + " --alpha 1:2" + o,
        "alpha", out);
    // Transfer: rows that are not paired; preference: a set without rejected.
    Planted fewer = planted(7);
    fewer.n = 200;
    fewer.hidden.resize(static_cast<std::size_t>(fewer.L * fewer.n * fewer.d));
    fewer.labels.resize(200);
    writeStates(dir / "fewer.safetensors", fewer);
    expectRefused(
        "transfer --source " + s + " --target " + (dir / "fewer.safetensors").string() + o, "240",
        out);
    expectRefused("preference --pairs " + s + o, "chosen", out);
}

}  // namespace
