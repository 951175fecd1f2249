// The claims the Token windows guide makes, on the default demo (what the view shows), each with
// a threshold and computed here in plain double loops (independent of core/tokens' methods):
//   - 2 × 2 windows that straddle an edge (members of different content) are less similar (s_w)
//     than windows inside sky or ground;
//   - concatenation keeps every patch (read back exactly), while pooling's loss (each patch against
//     its window's mean) is largest at edges and in text;
//   - ToMe (bipartite soft matching, as facebookresearch/ToMe merges) gathers large uniform regions
//     into big groups and leaves detail in small ones;
//   - the attention-pooling map (the CLS-selection baseline's input) favours objects and text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numeric>

#include "assay/tokens/token_reduction.h"
#include "windows_demo_test_util.h"

namespace assay::core::tokens {
namespace {
using namespace test_support;

constexpr int kGrid = 24;

bool isSkyOrGround(SceneContent c) { return c == SceneContent::Sky || c == SceneContent::Ground; }

enum class WindowKind { Uniform, Mixed, Text, Other };

// Uniform: every member the same sky or ground label; Mixed: members of different labels;
// Text: every member text.
WindowKind windowKind(const std::vector<SceneContent>& content, const std::vector<int>& w) {
    bool same = true;
    for (int p : w) same = same && content[p] == content[w[0]];
    if (!same) return WindowKind::Mixed;
    if (isSkyOrGround(content[w[0]])) return WindowKind::Uniform;
    return content[w[0]] == SceneContent::Text ? WindowKind::Text : WindowKind::Other;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? std::nan("") : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

TEST(WindowsDemoClaims, EdgeWindowsAreLessSimilarThanSkyAndGroundWindows) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PatchFeatures& f = demo.features();
    for (int k : {2, 3}) {
        std::vector<double> uniform, mixed;
        for (int b = 0; b < f.images(); ++b) {
            const auto rows = f.imageRows(b);
            for (const auto& w : squareWindows(kGrid, k)) {
                const WindowKind kind = windowKind(demo.content(b), w);
                const double s = meanPairwiseCosine(rows, f.dim(), w);
                if (kind == WindowKind::Uniform) uniform.push_back(s);
                if (kind == WindowKind::Mixed) mixed.push_back(s);
            }
        }
        ASSERT_GT(uniform.size(), 50u);
        ASSERT_GT(mixed.size(), 20u);
        std::sort(uniform.begin(), uniform.end());
        const double uniformLow = uniform[uniform.size() / 10];  // 10th percentile
        const double below =
            std::count_if(mixed.begin(), mixed.end(), [&](double s) { return s < uniformLow; }) /
            double(mixed.size());
        std::cout << "[ demo    ] " << k << "x" << k << " s_w: uniform " << mean(uniform)
                  << " (10th pct " << uniformLow << "), mixed " << mean(mixed) << ", mixed below "
                  << below << "\n";
        EXPECT_GT(mean(uniform), 0.9);
        EXPECT_LT(mean(mixed), mean(uniform) - 0.2);
        EXPECT_GT(below, 0.7);
    }
}

TEST(WindowsDemoClaims, ConcatenationKeepsEveryPatchPoolingLosesMostAtEdgesAndInText) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PatchFeatures& f = demo.features();
    const int D = f.dim(), k = 2;
    std::vector<double> uniform, mixed, text;
    for (int b = 0; b < f.images(); ++b) {
        const auto rows = f.imageRows(b);
        for (const auto& w : squareWindows(kGrid, k)) {
            // Concatenation in WiCo's channel-major layout (element c·κ² + a·κ + b), read back.
            std::vector<float> token(std::size_t(D) * k * k);
            for (int m = 0; m < k * k; ++m)
                for (int c = 0; c < D; ++c) token[c * k * k + m] = rows[std::size_t(w[m]) * D + c];
            std::vector<double> pooled(D, 0.0);
            for (int p : w)
                for (int c = 0; c < D; ++c) pooled[c] += rows[std::size_t(p) * D + c] / w.size();
            const WindowKind kind = windowKind(demo.content(b), w);
            for (int m = 0; m < k * k; ++m) {
                double err = 0, norm = 0;
                for (int c = 0; c < D; ++c) {
                    const double v = rows[std::size_t(w[m]) * D + c];
                    ASSERT_EQ(token[c * k * k + m], rows[std::size_t(w[m]) * D + c]);
                    err += (v - pooled[c]) * (v - pooled[c]);
                    norm += v * v;
                }
                const double rel = err / norm;  // the patch's share lost to pooling
                if (kind == WindowKind::Uniform) uniform.push_back(rel);
                if (kind == WindowKind::Mixed) mixed.push_back(rel);
                if (kind == WindowKind::Text) text.push_back(rel);
            }
        }
    }
    ASSERT_FALSE(text.empty());
    std::cout << "[ demo    ] pooling loss: uniform " << mean(uniform) << ", edges " << mean(mixed)
              << ", text " << mean(text) << " (" << text.size() << " text patches)\n";
    EXPECT_GT(mean(mixed), 4 * mean(uniform));
    EXPECT_GT(mean(text), 2 * mean(uniform));
}

// ToMe's bipartite soft matching with size-weighted merging, step by step to `target` tokens:
// A = even, B = odd positions of the current order; every A token's best B by cosine; the r best
// A tokens merge into their B; the new order is the unmerged A (descending score), then B.
std::vector<int> tomeGroups(const std::vector<float>& rows, int n, int dim, int target, int r) {
    std::vector<std::vector<double>> x(n, std::vector<double>(dim));
    std::vector<double> size(n, 1.0);
    std::vector<std::vector<int>> members(n);
    for (int i = 0; i < n; ++i) {
        for (int c = 0; c < dim; ++c) x[i][c] = rows[std::size_t(i) * dim + c];
        members[i] = {i};
    }
    auto cos = [&](const std::vector<double>& a, const std::vector<double>& b) {
        double ab = 0, aa = 0, bb = 0;
        for (int c = 0; c < dim; ++c) ab += a[c] * b[c], aa += a[c] * a[c], bb += b[c] * b[c];
        return ab / std::sqrt(aa * bb);
    };
    while (static_cast<int>(x.size()) > target) {
        const int count = static_cast<int>(x.size());
        const int na = (count + 1) / 2;
        const int step = std::min({r, count - target, count / 2});
        std::vector<double> best(na, -2);
        std::vector<int> dst(na, 0);
        for (int a = 0; a < na; ++a)
            for (int b = 1; b < count; b += 2) {
                const double s = cos(x[2 * a], x[b]);
                if (s > best[a]) best[a] = s, dst[a] = b;
            }
        std::vector<int> order(na);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int p, int q) { return best[p] > best[q]; });
        for (int m = 0; m < step; ++m) {
            const int a = 2 * order[m], b = dst[order[m]];
            for (int c = 0; c < dim; ++c)
                x[b][c] = (x[b][c] * size[b] + x[a][c] * size[a]) / (size[a] + size[b]);
            size[b] += size[a];
            members[b].insert(members[b].end(), members[a].begin(), members[a].end());
        }
        std::vector<std::vector<double>> nx;
        std::vector<double> ns;
        std::vector<std::vector<int>> nm;
        for (int m = step; m < na; ++m) {
            nx.push_back(x[2 * order[m]]), ns.push_back(size[2 * order[m]]);
            nm.push_back(members[2 * order[m]]);
        }
        for (int b = 1; b < count; b += 2)
            nx.push_back(x[b]), ns.push_back(size[b]), nm.push_back(members[b]);
        x = std::move(nx), size = std::move(ns), members = std::move(nm);
    }
    std::vector<int> groupSize(n, 0);
    for (const auto& m : members)
        for (int p : m) groupSize[p] = static_cast<int>(m.size());
    return groupSize;
}

// Group sizes per patch from core/tokens' ToMe (what the view shows).
std::vector<int> libraryTomeGroups(const std::vector<float>& rows, int dim) {
    ReductionSpec spec;
    spec.method = ReductionMethod::Tome;
    spec.out = {12, 12};
    const TokenReduction r = reduceTokens(rows.data(), {kGrid, kGrid}, dim, spec);
    std::vector<int> size(kGrid * kGrid, 0);
    for (const auto& m : r.members)
        for (int p : m) size[p] = static_cast<int>(m.size());
    return size;
}

// Checked on the reference above and on core/tokens' ToMe, which the view draws.
TEST(WindowsDemoClaims, TomeMergesLargeUniformRegionsIntoBigGroups) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PatchFeatures& f = demo.features();
    const int n = kGrid * kGrid, target = 144, r = (n - target + 7) / 8;
    for (bool library : {false, true}) {
        std::vector<double> uniformSize, detailSize;
        int bigPatches = 0, bigUniform = 0;
        for (int b = 0; b < f.images(); ++b) {
            const auto rows = f.imageRows(b);
            const auto groupSize = library ? libraryTomeGroups(rows, f.dim())
                                           : tomeGroups(rows, n, f.dim(), target, r);
            for (int p = 0; p < n; ++p) {
                ASSERT_GT(groupSize[p], 0);  // every patch in some group
                const bool uniform = isSkyOrGround(demo.content(b)[p]);
                (uniform ? uniformSize : detailSize).push_back(groupSize[p]);
                if (groupSize[p] >= 8) ++bigPatches, bigUniform += uniform;
            }
        }
        std::cout << "[ demo    ] ToMe (" << (library ? "core/tokens" : "reference")
                  << ") group size: sky/ground " << mean(uniformSize) << ", objects/text "
                  << mean(detailSize) << "; patches in groups of 8+: " << bigPatches
                  << ", sky/ground share " << double(bigUniform) / bigPatches << "\n";
        EXPECT_GT(mean(uniformSize), 2 * mean(detailSize));
        ASSERT_GT(bigPatches, 0);
        EXPECT_GT(double(bigUniform) / bigPatches, 0.9);
    }
}

TEST(WindowsDemoClaims, AttentionFavoursObjectsAndText) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PatchFeatures& f = demo.features();
    double share = 0, mass = 0;
    for (int b = 0; b < f.images(); ++b) {
        const auto a = f.attention(b);
        for (int p = 0; p < kGrid * kGrid; ++p)
            if (!isSkyOrGround(demo.content(b)[p])) share += 1.0 / (kGrid * kGrid), mass += a[p];
    }
    share /= f.images(), mass /= f.images();
    std::cout << "[ demo    ] attention on objects and text: " << mass << " (area " << share
              << ")\n";
    EXPECT_GT(mass, 1.5 * share);
    // CLS selection (core/tokens) at 144 tokens keeps objects and text above their share too.
    double kept = 0;
    for (int b = 0; b < f.images(); ++b) {
        ReductionSpec spec;
        spec.method = ReductionMethod::Cls;
        spec.out = {12, 12};
        const auto rows = f.imageRows(b);
        const TokenReduction r =
            reduceTokens(rows.data(), {kGrid, kGrid}, f.dim(), spec, f.attention(b));
        for (const auto& m : r.members)
            for (int p : m)
                kept += !isSkyOrGround(demo.content(b)[p]) ? 1.0 / (144 * f.images()) : 0;
    }
    std::cout << "[ demo    ] CLS selection at 144: objects and text " << kept << " of the kept\n";
    EXPECT_GT(kept, 1.5 * share);
}

}  // namespace
}  // namespace assay::core::tokens
