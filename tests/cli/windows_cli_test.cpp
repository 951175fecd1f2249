// assay-run windows as a user runs it: tensors named and shaped as the README says, their values
// against plain references (explicit window loop, direct means, brute-force cosines, half-pixel
// bilinear), a batch and --method all, .npy with --grid/--cls, attention for cls, an image's
// geometry, and bad input (exit 2, a message naming it, nothing written).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "assay/tokens/image.h"
#include "script_backend.h"
#include "tests/cli/cli_process.h"
#include "tests/core/tokens/analysis_reference.h"

namespace {

namespace fs = std::filesystem;
namespace io = assay::core::io;
namespace test = assay::core::tokens::test;
using assay::core::tokens::GridSize;
using nlohmann::json;

using assay::test::CommandResult;

CommandResult run(const std::string& args) { return assay::test::runAssayRun("windows " + args); }

fs::path scratch(const std::string& name) {
    return assay::test::scratchPath("assay_windows_cli", name);
}

io::TensorToWrite f32(const std::string& name, const std::vector<float>& v,
                      std::vector<std::int64_t> shape) {
    io::TensorToWrite t;
    t.name = name;
    t.dtype = io::DType::F32;
    t.shape = std::move(shape);
    t.bytes.resize(v.size() * 4);
    std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
    return t;
}

std::vector<float> floatsOf(const io::TensorFile& f, const std::string& name) {
    const std::vector<double> d = f.toDoubles(name);
    return std::vector<float>(d.begin(), d.end());
}

json resultJson(const io::TensorFile& f) { return json::parse(f.metadata().at("assay")); }

void writeNpy(const fs::path& p, const std::vector<float>& v, const std::string& shape) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::ofstream out(p, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const std::uint16_t len = std::uint16_t(header.size());
    out.write(reinterpret_cast<const char*>(&len), 2);
    out << header;
    out.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * 4));
}

constexpr int kD = 4;
const GridSize kGrid{6, 6};

TEST(WindowsCli, WicoWritesTheChannelMajorWindowsAndTheirSimilarity) {
    const fs::path dir = scratch("wico");
    fs::create_directories(dir);
    const std::vector<float> v = test::randomFeatures(36 * kD, 1);
    io::writeSafetensors(dir / "f.safetensors", {f32("features", v, {6, 6, kD})}, {});
    const fs::path out = dir / "r.safetensors";
    const CommandResult r = run("--features " + (dir / "f.safetensors").string() +
                                " --method wico --out-grid 3 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile f = io::TensorFile::open(out);
    const int k = 2;
    ASSERT_EQ(f.require("tokens").shape, (std::vector<std::int64_t>{9, kD * k * k}));
    ASSERT_EQ(f.require("similarity").shape, (std::vector<std::int64_t>{9}));
    ASSERT_EQ(f.require("source").shape, (std::vector<std::int64_t>{36}));
    ASSERT_EQ(f.require("error").shape, (std::vector<std::int64_t>{36}));
    const std::vector<float> tokens = floatsOf(f, "tokens");
    const std::vector<double> sim = f.toDoubles("similarity");
    const std::vector<std::int64_t> source = f.toInt64("source");
    for (int R = 0; R < 3; ++R)
        for (int C = 0; C < 3; ++C) {
            const int m = R * 3 + C;
            std::vector<int> members;
            for (int a = 0; a < k; ++a)
                for (int b = 0; b < k; ++b) {
                    const int p = (R * k + a) * 6 + C * k + b;
                    members.push_back(p);
                    EXPECT_EQ(source[std::size_t(p)], m);
                    for (int c = 0; c < kD; ++c)
                        EXPECT_EQ(tokens[std::size_t(m * kD * k * k + c * k * k + a * k + b)],
                                  v[std::size_t(p * kD + c)]);
                }
            std::sort(members.begin(), members.end());
            EXPECT_NEAR(sim[std::size_t(m)], test::groupCosine(v, kD, members), 1e-5);
        }
    for (double e : f.toDoubles("error")) EXPECT_EQ(e, 0.0);
    const json j = resultJson(f);
    EXPECT_EQ(j["format"], "assay-token-windows");
    EXPECT_EQ(j["methods"][0]["method"], "wico");
    EXPECT_EQ(j["methods"][0]["tokens"], 9);
    EXPECT_TRUE(j.contains("provenance"));
    EXPECT_NE(j["budget_table"]["estimate"].get<std::string>().find("ESTIMATE"), std::string::npos);
    EXPECT_EQ(j["budget_table"]["rows"][0]["visual_tokens"], 36);
}

TEST(WindowsCli, PoolTokensAreWindowMeansAndErrorIsBilinear) {
    const fs::path dir = scratch("pool");
    fs::create_directories(dir);
    const std::vector<float> v = test::randomFeatures(36 * kD, 2);
    io::writeSafetensors(dir / "f.safetensors", {f32("features", v, {6, 6, kD})}, {});
    const fs::path out = dir / "r.safetensors";
    const CommandResult r = run("--features " + (dir / "f.safetensors").string() +
                                " --method pool --out " + out.string());  // default: 3x3
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile f = io::TensorFile::open(out);
    ASSERT_EQ(f.require("tokens").shape, (std::vector<std::int64_t>{9, kD}));
    const std::vector<float> tokens = floatsOf(f, "tokens");
    const std::vector<float> means = test::windowMeans(v, kGrid, kD, {3, 3});
    for (std::size_t i = 0; i < means.size(); ++i) EXPECT_NEAR(tokens[i], means[i], 1e-6);
    const std::vector<double> up = test::resample(means, {3, 3}, kD, kGrid, test::halfPixel);
    const std::vector<double> err = f.toDoubles("error");
    for (int p = 0; p < 36; ++p)
        EXPECT_NEAR(err[std::size_t(p)],
                    test::relativeError(&v[std::size_t(p * kD)], &up[std::size_t(p * kD)], kD),
                    1e-5);
}

TEST(WindowsCli, BatchWithAllMethodsWritesEveryBudgetWithALeadingBatchAxis) {
    const fs::path dir = scratch("all");
    fs::create_directories(dir);
    const int B = 3;
    const std::vector<float> v = test::randomFeatures(B * 36 * kD, 3);
    io::writeSafetensors(dir / "f.safetensors", {f32("features", v, {B, 6, 6, kD})}, {});
    const fs::path out = dir / "r.safetensors";
    const CommandResult r = run("--features " + (dir / "f.safetensors").string() +
                                " --method all --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile f = io::TensorFile::open(out);
    for (const char* m : {"wico", "pool", "concat1d", "tome"})
        for (int side : {1, 2, 3}) {  // every budget dividing 6 (6 itself excluded)
            const int M = side * side, g = 36 / M;
            const std::string p = std::string(m) + "." + std::to_string(M) + ".";
            const bool concat = std::string(m) == "wico" || std::string(m) == "concat1d";
            EXPECT_EQ(f.require(p + "tokens").shape,
                      (std::vector<std::int64_t>{B, M, concat ? kD * g : kD}))
                << p;
            EXPECT_EQ(f.require(p + "similarity").shape, (std::vector<std::int64_t>{B, M})) << p;
            EXPECT_EQ(f.require(p + "source").shape, (std::vector<std::int64_t>{B, 36})) << p;
            EXPECT_EQ(f.require(p + "error").shape, (std::vector<std::int64_t>{B, 36})) << p;
            // source partitions the patches: every patch in one token, every token used.
            const std::vector<std::int64_t> src = f.toInt64(p + "source");
            for (int b = 0; b < B; ++b) {
                std::set<std::int64_t> used;
                for (int q = 0; q < 36; ++q) {
                    const std::int64_t t = src[std::size_t(b * 36 + q)];
                    ASSERT_GE(t, 0);
                    ASSERT_LT(t, M);
                    used.insert(t);
                }
                EXPECT_EQ(used.size(), std::size_t(M)) << p;
            }
        }
    EXPECT_EQ(f.find("cls.9.tokens"), nullptr) << "no attention: cls is not written";
    const json j = resultJson(f);
    bool clsUnavailable = false;
    for (const json& m : j["methods"])
        if (m["method"] == "cls") clsUnavailable = m.contains("unavailable");
    EXPECT_TRUE(clsUnavailable) << j["methods"].dump();
    EXPECT_EQ(j["images"], B);
    ASSERT_TRUE(j.contains("batch"));
    EXPECT_EQ(j["batch"]["images"], B);
    // Pooling's batch s_w equals the image-wise values' mean from the tensors.
    const std::vector<double> s = f.toDoubles("pool.9.similarity");
    double mean = 0;
    for (double x : s) mean += x / double(s.size());
    const json& pool9 = j["methods"][1 * 3 + 0];  // budgets largest first: 9, 4, 1 tokens
    ASSERT_EQ(pool9["prefix"], "pool.9") << pool9.dump();
    EXPECT_NEAR(double(pool9["mean_similarity"]), mean, 1e-9);
    ASSERT_EQ(j["batch"]["similarity"].size(), 5u * 3u) << "every method and budget";
    ASSERT_EQ(j["batch"]["decoder"].size(), 5u);
    EXPECT_EQ(j["batch"]["decoder"][1]["method"], "pool");
    EXPECT_EQ(j["batch"]["decoder"][1]["out_grid"], "3x3");
    EXPECT_TRUE(j["batch"]["decoder"][1].contains("mean_error"));
}

TEST(WindowsCli, AFolderIsABatchAndSecondAnalysesFeaturesB) {
    const fs::path dir = scratch("folder");
    fs::create_directories(dir / "in");
    std::vector<std::vector<float>> a, b;
    for (int i = 0; i < 2; ++i) {
        a.push_back(test::randomFeatures(36 * kD, 40 + i));
        b.push_back(test::randomFeatures(36 * kD, 50 + i));
        io::writeSafetensors(
            dir / "in" / ("img" + std::to_string(i) + ".safetensors"),
            {f32("features", a.back(), {6, 6, kD}), f32("features_b", b.back(), {6, 6, kD})}, {});
    }
    for (bool second : {false, true}) {
        const fs::path out = dir / (second ? "b.safetensors" : "a.safetensors");
        const CommandResult r =
            run("--features " + (dir / "in").string() + " --method pool --out-grid 2" +
                (second ? " --second" : "") + " --out " + out.string());
        ASSERT_EQ(r.code, 0) << r.output;
        const io::TensorFile f = io::TensorFile::open(out);
        ASSERT_EQ(f.require("tokens").shape, (std::vector<std::int64_t>{2, 4, kD}));
        const std::vector<float> tokens = floatsOf(f, "tokens");
        for (int i = 0; i < 2; ++i) {  // files in name order; pooled from the asked set
            const std::vector<float> means = test::windowMeans(
                second ? b[std::size_t(i)] : a[std::size_t(i)], kGrid, kD, {2, 2});
            for (std::size_t k = 0; k < means.size(); ++k)
                EXPECT_NEAR(tokens[std::size_t(i) * means.size() + k], means[k], 1e-6);
        }
        EXPECT_EQ(resultJson(f)["batch"]["images"], 2);
    }
}

TEST(WindowsCli, NpyNeedsTheGridAndClsSaysTheFirstRowIsDropped) {
    const fs::path dir = scratch("npy");
    fs::create_directories(dir);
    const std::vector<float> v = test::randomFeatures(37 * kD, 4);
    writeNpy(dir / "f.npy", v, "(37, 4)");
    const fs::path out = dir / "r.safetensors";
    const CommandResult bad =
        run("--features " + (dir / "f.npy").string() + " --out " + out.string());
    EXPECT_EQ(bad.code, 2) << bad.output;
    EXPECT_FALSE(fs::exists(out));
    const CommandResult r =
        run("--features " + (dir / "f.npy").string() +
            " --grid 6x6 --cls --method wico --out-grid 6 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    // Output grid 6 = the full grid: wico with κ = 1 is the features themselves, CLS row dropped.
    const io::TensorFile f = io::TensorFile::open(out);
    const std::vector<float> tokens = floatsOf(f, "tokens");
    ASSERT_EQ(tokens.size(), std::size_t(36 * kD));
    for (std::size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(tokens[i], v[kD + i]);
}

TEST(WindowsCli, ClsSelectsTheMostAttendedPatchesFromAnAttentionFile) {
    const fs::path dir = scratch("cls");
    fs::create_directories(dir);
    const std::vector<float> v = test::randomFeatures(36 * kD, 5);
    io::writeSafetensors(dir / "f.safetensors", {f32("features", v, {6, 6, kD})}, {});
    std::vector<double> att(36);
    for (int p = 0; p < 36; ++p) att[std::size_t(p)] = double((p * 7) % 36);  // a permutation
    io::writeSafetensors(dir / "a.safetensors", {io::tensorFromDoubles("attention", att, {36})},
                         {});
    const fs::path out = dir / "r.safetensors";
    const CommandResult r =
        run("--features " + (dir / "f.safetensors").string() + " --attention " +
            (dir / "a.safetensors").string() + " --method cls --out-grid 3 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile f = io::TensorFile::open(out);
    const std::vector<std::int64_t> src = f.toInt64("source");
    std::vector<int> kept;
    for (int p = 0; p < 36; ++p)
        if (att[std::size_t(p)] >= 27) kept.push_back(p);  // the 9 largest: 27 .. 35
    ASSERT_EQ(kept.size(), 9u);
    for (int p = 0; p < 36; ++p) {
        const auto it = std::find(kept.begin(), kept.end(), p);
        EXPECT_EQ(src[std::size_t(p)], it == kept.end() ? -1 : it - kept.begin()) << p;
    }
    const std::vector<float> tokens = floatsOf(f, "tokens");
    for (std::size_t m = 0; m < kept.size(); ++m)
        for (int c = 0; c < kD; ++c)
            EXPECT_EQ(tokens[m * kD + std::size_t(c)], v[std::size_t(kept[m] * kD + c)]);
    for (double s : f.toDoubles("similarity")) EXPECT_TRUE(std::isnan(s)) << "single patches";
}

TEST(WindowsCli, ImageGeometryOfAPaddedPhotograph) {
    const fs::path photo = "/usr/lib/python3/dist-packages/skimage/data/chelsea.png";  // 451 × 300
    if (!fs::exists(photo)) GTEST_SKIP() << "python3-skimage is not installed";
    const fs::path dir = scratch("image");
    fs::create_directories(dir);
    io::writeSafetensors(dir / "f.safetensors",
                         {f32("features", test::randomFeatures(576 * 2, 6), {24, 24, 2})}, {});
    const fs::path out = dir / "r.json";
    const CommandResult r = run("--features " + (dir / "f.safetensors").string() + " --image " +
                                photo.string() + " --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::ifstream in(out);
    const json j = json::parse(in);
    const json& img = j["image"];
    EXPECT_EQ(img["width"], 451);
    EXPECT_EQ(img["height"], 300);
    EXPECT_EQ(img["patch"], 14);
    ASSERT_EQ(img["cover"].size(), 576u);
    // Padded to a square: the photograph spans the width; rows above and below are padding.
    EXPECT_GT(int(img["patches_padding"]), 0);
    EXPECT_EQ(int(img["cover"][0]), 2) << "top-left patch lies over the padding";
    EXPECT_EQ(int(img["cover"][12 * 24 + 12]), 0) << "the centre is photograph";
    const CommandResult crop = run("--features " + (dir / "f.safetensors").string() + " --image " +
                                   photo.string() + " --preprocess crop --out " + out.string());
    ASSERT_EQ(crop.code, 0) << crop.output;
    std::ifstream in2(out);
    EXPECT_EQ(json::parse(in2)["image"]["patches_padding"], 0);
}

TEST(WindowsCli, BadInputExitsTwoAndWritesNothing) {
    const fs::path dir = scratch("bad-inputs");
    fs::create_directories(dir);
    const std::string f = (dir / "f.safetensors").string();
    io::writeSafetensors(f, {f32("features", test::randomFeatures(36 * kD, 7), {6, 6, kD})}, {});
    io::writeSafetensors(dir / "flat.safetensors",
                         {f32("features", test::randomFeatures(35 * kD, 8), {35, kD})}, {});
    { std::ofstream(dir / "broken.png") << "not an image"; }
    struct Case {
        std::string args, says;
    };
    const std::vector<Case> cases = {
        {"--features " + f + " --out-grid 4", "4"},  // does not divide 6
        {"--features " + f + " --method xyz", "xyz"},
        {"--features " + f + " --method cls", "attention"},  // no attention
        {"--features " + f + " --second", "features_b"},
        {"--features " + f + " --upsampling cubic", "cubic"},
        {"--features " + f + " --wico-plus spline", "spline"},
        {"--features " + (dir / "flat.safetensors").string(), "35"},  // N not a square, no grid
        {"--features " + (dir / "missing.safetensors").string(), "missing"},
        {"--features " + f + " --image " + (dir / "broken.png").string(), "broken.png"},
        {"--features " + f + " --image " + (dir / "broken.png").string() + " --side 100", "broken"},
        {"--features " + f + " --attention " + f, "features"},  // no attention tensor
        {"", "--features"},                                     // no input
        {"--demo --grid 6x6", "--grid"},
        {"--features " + f + " --llm-kv-heads 5", "kv-heads"},
    };
    for (const Case& c : cases) {
        const fs::path out = dir / "out" / "r.safetensors";
        const CommandResult r = run(c.args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << ": " << r.output;
        EXPECT_FALSE(fs::exists(out)) << c.args << ": wrote " << out;
    }
    const CommandResult txt = run("--features " + f + " --out " + (dir / "r.txt").string());
    EXPECT_EQ(txt.code, 2);
    EXPECT_FALSE(fs::exists(dir / "r.txt"));
}

TEST(WindowsCli, ImageAndGridMustAgree) {
    const fs::path photo = "/usr/lib/python3/dist-packages/skimage/data/coffee.png";
    if (!fs::exists(photo)) GTEST_SKIP() << "python3-skimage is not installed";
    const fs::path dir = scratch("mismatch");
    fs::create_directories(dir);
    const std::string f = (dir / "f.safetensors").string();
    io::writeSafetensors(f, {f32("features", test::randomFeatures(36 * kD, 9), {6, 6, kD})}, {});
    const fs::path out = dir / "r.safetensors";
    const CommandResult r =
        run("--features " + f + " --image " + photo.string() + " --side 100 --out " + out.string());
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("6x6"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
}

TEST(WindowsCli, DemoRunsEveryScene) {
    const fs::path out = scratch("demo.safetensors");
    const CommandResult r = run("--demo --method wico --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile f = io::TensorFile::open(out);
    const std::vector<std::int64_t>& shape = f.require("tokens").shape;
    ASSERT_EQ(shape.size(), 3u);  // [scenes, 144, D·4]
    EXPECT_EQ(shape[1], 144);
    const json j = resultJson(f);
    EXPECT_EQ(j["grid"], "24x24");
    EXPECT_EQ(j["provenance"]["parameters"]["demo_seed"], 5);
}

TEST(WindowsCli, HelpNamesEveryOption) {
    const CommandResult r = run("--help");
    EXPECT_EQ(r.code, 0);
    for (const char* opt : {"--features FILE", "--grid HxW", "--cls", "--demo", "--attention FILE",
                            "--image FILE", "--preprocess", "--method", "--out-grid HxW",
                            "--tome-r", "--upsampling", "--wico-plus", "--llm-params", "--out"})
        EXPECT_NE(r.output.find(opt), std::string::npos) << opt << "\n" << r.output;
}

}  // namespace

// --encoder: a TorchScript encoder built here (14 × 14 patch means + a CLS row) on a photograph
// padded to 56 × 56; pooled tokens = the mean of CLIP-normalised pixels over each 28 × 28 window,
// computed from core's own preprocessing. A module this LibTorch cannot read: exit 2, nothing.
TEST(WindowsCli, EncoderRunsATorchScriptModuleOnThePreparedImage) {
    const fs::path photo = "/usr/lib/python3/dist-packages/skimage/data/chelsea.png";
    if (!fs::exists(photo)) GTEST_SKIP() << "python3-skimage is not installed";
    const fs::path dir = scratch("encoder");
    fs::create_directories(dir);
    assay::core::detail::saveScriptModule(
        dir / "enc.pt",
        "def forward(self, x):\n"
        "    t = x.unfold(2, 14, 14).unfold(3, 14, 14).mean(dim=(4, 5)).flatten(2).transpose(1, "
        "2)\n"
        "    return torch.cat([t.mean(dim=1, keepdim=True), t], dim=1)\n",
        {});
    const fs::path out = dir / "r.safetensors";
    const std::string common = " --image " + photo.string() + " --side 56 --method pool";
    const CommandResult r = run("--encoder " + (dir / "enc.pt").string() + common +
                                " --cls --out-grid 2 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const io::TensorFile f = io::TensorFile::open(out);
    ASSERT_EQ(f.require("tokens").shape, (std::vector<std::int64_t>{4, 3}));
    const std::vector<float> tokens = floatsOf(f, "tokens");
    namespace tk = assay::core::tokens;
    const tk::PreparedImage img = tk::prepareImage(tk::readImage(photo), 56, tk::Preprocess::Pad);
    const std::vector<float> px = tk::normalisedChannels(img.square);  // [3, 56, 56]
    for (int w = 0; w < 4; ++w)
        for (int c = 0; c < 3; ++c) {
            double sum = 0;
            for (int y = (w / 2) * 28; y < (w / 2 + 1) * 28; ++y)
                for (int x = (w % 2) * 28; x < (w % 2 + 1) * 28; ++x)
                    sum += px[std::size_t(c) * 56 * 56 + std::size_t(y) * 56 + std::size_t(x)];
            EXPECT_NEAR(tokens[std::size_t(w) * 3 + std::size_t(c)], sum / (28 * 28), 1e-5);
        }
    EXPECT_EQ(resultJson(f)["image"]["side"], 56) << resultJson(f)["image"].dump();

    std::ofstream(dir / "junk.pt") << "not a TorchScript archive";
    const fs::path out2 = dir / "r2.safetensors";
    const CommandResult junk =
        run("--encoder " + (dir / "junk.pt").string() + common + " --out " + out2.string());
    EXPECT_EQ(junk.code, 2) << junk.output;
    EXPECT_NE(junk.output.find("junk.pt: cannot be loaded by this LibTorch"), std::string::npos)
        << junk.output;
    EXPECT_FALSE(fs::exists(out2));
    const CommandResult noImage =
        run("--encoder " + (dir / "enc.pt").string() + " --out " + out2.string());
    EXPECT_EQ(noImage.code, 2) << noImage.output;
    EXPECT_NE(noImage.output.find("--encoder"), std::string::npos) << noImage.output;
}
