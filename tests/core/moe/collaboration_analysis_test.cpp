// Collaboration matrices alone (the LLaMA-MoE files' shape: int64 [32,8,8], zero diagonal):
// statistics against the formulas, zero-count partners dropped, placement volumes from pairs
// against the routing they came from, and the all-layers export read back.
#include "assay/moe/collaboration_analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "assay/moe/collaboration_export.h"
#include "assay/moe/collaboration_file.h"
#include "assay/moe/routing_trace.h"
#include "coactivation_test_util.h"

namespace assay::core::moe {
namespace {

namespace fs = std::filesystem;

fs::path temp(const std::string& name) {
    const fs::path d =
        fs::temp_directory_path() / ("assay_collab_only_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d / name;
}

// T tokens of k experts out of n, skewed: expert e is drawn with weight 1/(1+e), and in pairs
// (2g, 2g+1) more often (a planted structure).
std::vector<std::int32_t> skewedRouting(std::int64_t T, int k, int n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<double> w(n);
    for (int e = 0; e < n; ++e) w[e] = 1.0 / (1 + e);
    std::vector<std::int32_t> out;
    for (std::int64_t t = 0; t < T; ++t) {
        std::vector<std::int32_t> row;
        while (int(row.size()) < k) {
            std::discrete_distribution<int> pick(w.begin(), w.end());
            int e = pick(rng);
            if (!row.empty() && rng() % 2) e = row.back() ^ 1;  // the partner of the last one
            if (std::find(row.begin(), row.end(), e) == row.end()) row.push_back(e);
        }
        out.insert(out.end(), row.begin(), row.end());
    }
    return out;
}

// The matrices as a collaboration file holds them: int64 [L,n,n], zero diagonal; read back.
std::vector<Coactivation> writeAndLoad(const std::vector<std::vector<std::int64_t>>& counts, int n,
                                       const std::string& name) {
    std::vector<std::int64_t> flat;
    for (auto c : counts) {
        for (int i = 0; i < n; ++i) c[std::size_t(i) * n + i] = 0;
        flat.insert(flat.end(), c.begin(), c.end());
    }
    const fs::path path = temp(name);
    io::writeSafetensors(
        path,
        {io::tensorFromInt64("collaboration", flat,
                             {std::int64_t(counts.size()), std::int64_t(n), std::int64_t(n)})},
        {});
    return loadCollaboration(path);
}

TEST(CollaborationOnly, LlamaMoeShapedFileGivesEntropyTopTAndRoles) {
    const int L = 32, n = 8;
    std::vector<std::vector<std::int64_t>> counts;
    for (int l = 0; l < L; ++l)
        counts.push_back(test::bruteForceCounts(skewedRouting(400, 2, n, 100 + l), 2, n));
    counts[5][1 * n + 6] = counts[5][6 * n + 1] = 0;  // a pair never seen
    const auto layers = writeAndLoad(counts, n, "llama_moe_like.safetensors");
    CollabOnlyParams p;
    p.topT = 7;  // every other expert: zero-count partners must drop out
    const CollabOnlyAnalysis a = analyzeCollaborationOnly(layers, p);
    ASSERT_EQ(a.layers.size(), std::size_t(L));
    EXPECT_TRUE(a.symmetric);
    for (int l = 0; l < L; ++l)
        for (int i = 0; i < n; ++i) {
            // H_i = −Σ P ln P / ln(n−1) from the file's counts directly.
            double row = 0, h = 0;
            for (int j = 0; j < n; ++j)
                if (j != i) row += double(counts[l][i * n + j]);
            for (int j = 0; j < n; ++j)
                if (j != i && counts[l][i * n + j] > 0) {
                    const double q = counts[l][i * n + j] / row;
                    h -= q * std::log(q);
                }
            EXPECT_NEAR(a.layers[l].stats.entropy[i], h / std::log(n - 1.0), 1e-12);
            for (int t = 0; t < p.topT; ++t) {
                const int j = a.layers[l].partners[std::size_t(i) * p.topT + t];
                if (j >= 0) EXPECT_GT(counts[l][i * n + j], 0) << "layer " << l << " " << i;
            }
        }
    // Expert 1 of layer 5 never met expert 6: its list holds −1, not a zero-count "partner".
    const auto& row = a.layers[5].partners;
    EXPECT_EQ(std::count(row.begin() + 1 * p.topT, row.begin() + 2 * p.topT, 6), 0);
    int zeros = 0;
    for (int j = 0; j < n; ++j) zeros += j != 1 && counts[5][1 * n + j] == 0;
    EXPECT_GE(zeros, 1);
    EXPECT_EQ(std::count(row.begin() + 1 * p.topT, row.begin() + 2 * p.topT, -1), zeros);
}

// k = 2: each token is one pair, so the volumes from pair counts equal the routing's own,
// averaged over every home device (each token sent once from each of the G homes).
TEST(CollaborationOnly, PairVolumesAreExactForTopTwo) {
    const int n = 8, G = 4, T = 500;
    const auto idx = skewedRouting(T, 2, n, 3);
    const auto layers = writeAndLoad({test::bruteForceCounts(idx, 2, n)}, n, "k2.safetensors");
    CollabOnlyParams p;
    p.topT = 2;
    p.devices = G;
    const CollabOnlyAnalysis a = analyzeCollaborationOnly(layers, p);
    EXPECT_TRUE(a.volumesExact);
    EXPECT_DOUBLE_EQ(a.layers[0].tokens, T);
    LayerRouting everyHome;  // token t repeated G times in a row: copy g lives on device g
    everyHome.k = 2;
    everyHome.tokens = std::int64_t(T) * G;
    for (int t = 0; t < T; ++t)
        for (int g = 0; g < G; ++g)
            everyHome.topkIdx.insert(everyHome.topkIdx.end(), {idx[2 * t], idx[2 * t + 1]});
    const Placement& pl = a.layers[0].placement;
    const DispatchVolume naive = dispatchVolume(everyHome, pl, DispatchCounting::PerExpert, p.comm);
    const DispatchVolume dedup = dispatchVolume(everyHome, pl, DispatchCounting::PerDevice, p.comm);
    EXPECT_NEAR(a.layers[0].naive.bytes, naive.bytes / G, 1e-6 * naive.bytes);
    EXPECT_NEAR(a.layers[0].dedup.bytes, dedup.bytes / G, 1e-6 * dedup.bytes);
    EXPECT_LT(a.layers[0].dedup.bytes, a.layers[0].naive.bytes);  // the placement groups pairs
}

// k > 2: naive stays exact; dedup is an estimate that never exceeds the truth.
TEST(CollaborationOnly, PairVolumesForTopFourAreALowerBound) {
    const int n = 16, G = 2, T = 400, k = 4;
    const auto idx = skewedRouting(T, k, n, 4);
    const auto layers = writeAndLoad({test::bruteForceCounts(idx, k, n)}, n, "k4.safetensors");
    CollabOnlyParams p;
    p.topT = 3;
    p.k = k;
    p.devices = G;
    const CollabOnlyAnalysis a = analyzeCollaborationOnly(layers, p);
    EXPECT_FALSE(a.volumesExact);
    EXPECT_NEAR(a.layers[0].tokens, T, 1e-9);
    LayerRouting everyHome;
    everyHome.k = k;
    everyHome.tokens = std::int64_t(T) * G;
    for (int t = 0; t < T; ++t)
        for (int g = 0; g < G; ++g)
            everyHome.topkIdx.insert(everyHome.topkIdx.end(), idx.begin() + k * t,
                                     idx.begin() + k * (t + 1));
    const Placement& pl = a.layers[0].placement;
    const double naive =
        dispatchVolume(everyHome, pl, DispatchCounting::PerExpert, p.comm).bytes / G;
    const double dedup =
        dispatchVolume(everyHome, pl, DispatchCounting::PerDevice, p.comm).bytes / G;
    EXPECT_NEAR(a.layers[0].naive.bytes, naive, 1e-6 * naive);
    EXPECT_LE(a.layers[0].dedup.bytes, dedup * (1 + 1e-9));
}

TEST(CollaborationOnly, ExportHoldsEveryLayersConditionalAndEntropy) {
    const int L = 3, n = 8;
    std::vector<std::vector<std::int64_t>> counts;
    for (int l = 0; l < L; ++l)
        counts.push_back(test::bruteForceCounts(skewedRouting(200, 2, n, 50 + l), 2, n));
    const auto layers = writeAndLoad(counts, n, "export_in.safetensors");
    const fs::path csv = temp("all.csv"), st = temp("all.safetensors");
    exportAllLayers(layers, csv);
    exportAllLayers(layers, st, {{"assay", "{}"}});
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.substr(0, 26), "layer,expert,entropy,p_0,p");
    int rows = 0;
    const io::TensorFile f = io::TensorFile::open(st);
    const std::vector<double> cond = f.toDoubles("conditional"), ent = f.toDoubles("entropy");
    EXPECT_EQ(f.require("conditional").shape, (std::vector<std::int64_t>{L, n, n}));
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string cell;
        std::vector<double> v;
        while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
        ASSERT_EQ(v.size(), std::size_t(3 + n));
        const int l = int(v[0]), i = int(v[1]);
        double row = 0;
        for (int j = 0; j < n; ++j)
            if (j != i) row += double(counts[l][i * n + j]);
        for (int j = 0; j < n; ++j) {
            const double expected = j == i ? 0.0 : counts[l][i * n + j] / row;
            EXPECT_NEAR(v[3 + j], expected, 1e-15);
            EXPECT_NEAR(cond[(std::size_t(l) * n + i) * n + j], expected, 1e-15);
        }
        EXPECT_DOUBLE_EQ(v[2], ent[std::size_t(l) * n + i]);
        ++rows;
    }
    EXPECT_EQ(rows, L * n);
}

}  // namespace
}  // namespace assay::core::moe
