// ToMe against a literal transcription of facebookresearch/ToMe tome/merge.py
// (bipartite_soft_matching + merge_wavg + merge_source) in double, step by step on small grids;
// `source` partitions the patches. CLS top-k selection against a sort; its errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "assay/core/error.h"
#include "assay/tokens/token_reduction.h"
#include "methods_test_util.h"
#include "reduction_kernels.h"

namespace assay::core::tokens {
namespace {

using test::randomFeatures;

struct Reference {
    std::vector<std::vector<double>> x;    // tokens (means)
    std::vector<double> size;              // patches per token
    std::vector<std::vector<double>> src;  // source adjacency: token × patch (0/1)
};

// One ToMe step on the reference state, as merge.py does it (class_token = False).
void referenceStep(Reference& s, int r) {
    const int t = static_cast<int>(s.x.size());
    r = std::min(r, t / 2);
    if (r <= 0) return;
    const std::size_t D = s.x[0].size();
    std::vector<std::vector<double>> m(s.x);
    for (auto& v : m) {  // metric / metric.norm
        double n = 0;
        for (double c : v) n += c * c;
        n = std::sqrt(n);
        for (double& c : v) c = n > 0 ? c / n : 0.0;
    }
    std::vector<int> a, b;
    for (int i = 0; i < t; ++i) (i % 2 == 0 ? a : b).push_back(i);
    std::vector<double> nodeMax(a.size());
    std::vector<int> nodeIdx(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        nodeMax[i] = -INFINITY;
        for (std::size_t j = 0; j < b.size(); ++j) {
            double sc = 0;
            for (std::size_t c = 0; c < D; ++c)
                sc += m[std::size_t(a[i])][c] * m[std::size_t(b[j])][c];
            if (sc > nodeMax[i]) {  // scores.max(dim=-1): the first maximum
                nodeMax[i] = sc;
                nodeIdx[i] = int(j);
            }
        }
    }
    std::vector<int> edge(a.size());
    std::iota(edge.begin(), edge.end(), 0);
    std::stable_sort(edge.begin(), edge.end(), [&](int p, int q) {
        return nodeMax[std::size_t(p)] > nodeMax[std::size_t(q)];
    });
    // merge(x * size, "sum"), merge(size, "sum"), merge(source, "amax").
    auto mergeRows = [&](const std::vector<std::vector<double>>& rows, bool amax) {
        std::vector<std::vector<double>> out;
        for (std::size_t e = std::size_t(r); e < edge.size(); ++e)
            out.push_back(rows[std::size_t(a[std::size_t(edge[e])])]);
        std::vector<std::vector<double>> dst;
        for (int j : b) dst.push_back(rows[std::size_t(j)]);
        for (int e = 0; e < r; ++e) {
            const int i = edge[std::size_t(e)];
            auto& d = dst[std::size_t(nodeIdx[std::size_t(i)])];
            const auto& sr = rows[std::size_t(a[std::size_t(i)])];
            for (std::size_t c = 0; c < d.size(); ++c)
                d[c] = amax ? std::max(d[c], sr[c]) : d[c] + sr[c];
        }
        out.insert(out.end(), dst.begin(), dst.end());
        return out;
    };
    std::vector<std::vector<double>> xs(s.x), sz;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        for (double& c : xs[i]) c *= s.size[i];
        sz.push_back({s.size[i]});
    }
    xs = mergeRows(xs, false);
    sz = mergeRows(sz, false);
    s.src = mergeRows(s.src, true);
    s.size.clear();
    for (std::size_t i = 0; i < xs.size(); ++i) {
        for (double& c : xs[i]) c /= sz[i][0];
        s.size.push_back(sz[i][0]);
    }
    s.x = xs;
}

void checkAgainstReference(int H, int W, int D, int M, int r, std::uint64_t seed,
                           int zeroPatch = -1) {
    SCOPED_TRACE(testing::Message() << H << "x" << W << " D=" << D << " M=" << M << " r=" << r);
    const int n = H * W;
    std::vector<float> x = randomFeatures(n, D, seed);
    if (zeroPatch >= 0)  // a zero vector: cosine 0 with everything
        std::fill_n(x.begin() + std::ptrdiff_t(zeroPatch) * D, D, 0.0f);
    Reference ref;
    for (int p = 0; p < n; ++p) {
        ref.x.emplace_back(x.begin() + std::ptrdiff_t(p) * D,
                           x.begin() + std::ptrdiff_t(p + 1) * D);
        ref.size.push_back(1);
        std::vector<double> row(std::size_t(n), 0.0);
        row[std::size_t(p)] = 1;
        ref.src.push_back(row);
    }
    const int rr = r > 0 ? r : (n - M + 7) / 8;
    while (int(ref.x.size()) > M) referenceStep(ref, std::min(rr, int(ref.x.size()) - M));

    const GridSize out{H / int(std::lround(std::sqrt(double(n) / M))),
                       W / int(std::lround(std::sqrt(double(n) / M)))};
    ASSERT_EQ(out.rows * out.cols, M);
    const TokenReduction got = reduceTokens(x.data(), {H, W}, D, {ReductionMethod::Tome, out, r});
    ASSERT_EQ(got.tokenCount, M);
    ASSERT_EQ(got.tokenDim, D);
    ASSERT_EQ(got.members.size(), std::size_t(M));
    std::vector<int> seen(std::size_t(n), 0);
    for (int t = 0; t < M; ++t) {
        std::vector<int> want;
        for (int p = 0; p < n; ++p)
            if (ref.src[std::size_t(t)][std::size_t(p)] > 0) want.push_back(p);
        ASSERT_EQ(got.members[std::size_t(t)], want) << "token " << t;
        EXPECT_EQ(double(want.size()), ref.size[std::size_t(t)]);
        for (int c = 0; c < D; ++c)
            EXPECT_NEAR(got.tokens[std::size_t(t) * D + c], ref.x[std::size_t(t)][std::size_t(c)],
                        1e-5);
        for (int p : want) {
            EXPECT_EQ(got.source[std::size_t(p)], t);
            ++seen[std::size_t(p)];
        }
        const double s = got.similarity[std::size_t(t)];
        if (want.size() < 2)
            EXPECT_TRUE(std::isnan(s));
        else
            EXPECT_NEAR(s, test::bruteSimilarity(x, D, want), 1e-12);
    }
    for (int c : seen) EXPECT_EQ(c, 1);  // source partitions the patches
}

TEST(Tome, EqualsMergePyReference) {
    checkAgainstReference(6, 6, 8, 9, 0, 21);    // default r = ⌈27/8⌉ = 4
    checkAgainstReference(6, 6, 8, 9, 2, 22);    // many small steps
    checkAgainstReference(6, 6, 8, 4, 20, 23);   // r capped at ⌊t/2⌋
    checkAgainstReference(8, 8, 5, 16, 0, 24);   // dim below the vector width
    checkAgainstReference(5, 5, 133, 1, 0, 25);  // odd t, dim past a 128-channel block
    checkAgainstReference(12, 12, 16, 36, 0, 26);
    checkAgainstReference(6, 6, 8, 9, 0, 33, 4);
}

TEST(Tome, IdenticalPatchesMergeFirst) {
    // Two copies of one vector in A/B positions 0 and 1 have cosine 1: the first merge.
    const int D = 6;
    std::vector<float> x = randomFeatures(16, D, 27);
    for (int c = 0; c < D; ++c) x[std::size_t(D + c)] = x[std::size_t(c)];
    const TokenReduction r = reduceTokens(x.data(), {4, 4}, D, {ReductionMethod::Tome, {2, 2}, 1});
    EXPECT_EQ(r.source[0], r.source[1]);
}

TEST(GramBlocked, MatchesDoubleDotProducts) {
    for (auto [rows, dim] : {std::pair{35, 133}, std::pair{12, 256}, std::pair{7, 3}}) {
        const std::vector<float> x = randomFeatures(rows, dim, 28);
        std::vector<double> g(std::size_t(rows) * rows);
        detail::gramBlocked(x.data(), rows, dim, g.data());
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < rows; ++j) {
                double want = 0;
                for (int c = 0; c < dim; ++c)
                    want += double(x[std::size_t(i) * dim + c]) * x[std::size_t(j) * dim + c];
                EXPECT_NEAR(g[std::size_t(i) * rows + j], want, 1e-12 * dim);
                EXPECT_EQ(g[std::size_t(i) * rows + j], g[std::size_t(j) * rows + i]);
            }
    }
}

TEST(Kernels, PortablePathGivesTheSameBits) {
    const int H = 6, D = 133;
    std::vector<float> x = randomFeatures(H * H, D, 32);
    std::vector<std::uint16_t> h(4096);
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint16_t>(i * 16 + 3);
    auto run = [&](bool portable) {
        detail::forcePortableKernels(portable);
        std::vector<double> all;
        std::vector<double> g(std::size_t(H * H) * H * H);
        detail::gramBlocked(x.data(), H * H, D, g.data());
        all.insert(all.end(), g.begin(), g.end());
        for (ReductionMethod m : {ReductionMethod::Wico, ReductionMethod::Pool,
                                  ReductionMethod::Concat1d, ReductionMethod::Tome}) {
            const TokenReduction r = reduceTokens(x.data(), {H, H}, D, {m, {3, 3}});
            all.insert(all.end(), r.similarity.begin(), r.similarity.end());
            all.insert(all.end(), r.tokens.begin(), r.tokens.end());
        }
        std::vector<float> f(h.size());
        detail::halfToFloat(h.data(), h.size(), f.data());
        for (std::size_t i = 0; i < f.size(); ++i)
            if (!std::isnan(f[i])) all.push_back(f[i]);
        detail::forcePortableKernels(false);
        return all;
    };
    const std::vector<double> fast = run(false), portable = run(true);
    ASSERT_EQ(fast.size(), portable.size());
    for (std::size_t i = 0; i < fast.size(); ++i) {
        if (std::isnan(fast[i]) && std::isnan(portable[i])) continue;
        ASSERT_EQ(fast[i], portable[i]) << i << " " << (fast[i] - portable[i]);
    }
}

TEST(HalfToFloat, EveryHalf) {
    std::vector<std::uint16_t> h(65536);
    std::iota(h.begin(), h.end(), 0);
    std::vector<float> f(h.size());
    detail::halfToFloat(h.data(), h.size(), f.data());
    for (std::size_t i = 0; i < h.size(); ++i) {
        const int e = (h[i] >> 10) & 31, m = h[i] & 1023;
        const double sign = (h[i] & 0x8000) ? -1.0 : 1.0;
        if (e == 31) {
            EXPECT_TRUE(m ? std::isnan(f[i]) : f[i] == sign * INFINITY) << i;
            continue;
        }
        const double want = sign * (e == 0 ? std::ldexp(m, -24) : std::ldexp(1024 + m, e - 25));
        ASSERT_EQ(double(f[i]), want) << i;
        EXPECT_EQ(std::signbit(f[i]), sign < 0);
    }
}

TEST(Cls, TopKInRasterOrderTiesToLowerIndex) {
    const int H = 4, D = 3, n = H * H;
    const std::vector<float> x = randomFeatures(n, D, 29);
    std::vector<double> att(static_cast<std::size_t>(n));
    SplitMix64 rng(30);
    for (double& a : att) a = double(rng.below(6));  // many ties
    att[3] = NAN;
    const TokenReduction r = reduceTokens(x.data(), {H, H}, D, {ReductionMethod::Cls, {2, 2}}, att);
    std::vector<int> idx(static_cast<std::size_t>(n));
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](int a, int b) {
        const double va = std::isnan(att[std::size_t(a)]) ? -1 : att[std::size_t(a)];
        const double vb = std::isnan(att[std::size_t(b)]) ? -1 : att[std::size_t(b)];
        return va != vb ? va > vb : a < b;
    });
    idx.resize(4);
    std::sort(idx.begin(), idx.end());
    ASSERT_EQ(r.tokenCount, 4);
    for (int t = 0; t < 4; ++t) {
        EXPECT_EQ(r.members[std::size_t(t)], std::vector<int>{idx[std::size_t(t)]});
        EXPECT_TRUE(std::isnan(r.similarity[std::size_t(t)]));
        for (int c = 0; c < D; ++c)
            EXPECT_EQ(r.tokens[std::size_t(t) * D + c],
                      x[std::size_t(idx[std::size_t(t)]) * D + c]);
    }
    int dropped = 0;
    for (int p = 0; p < n; ++p) {
        const auto it = std::find(idx.begin(), idx.end(), p);
        EXPECT_EQ(r.source[std::size_t(p)], it == idx.end() ? -1 : int(it - idx.begin()));
        dropped += r.source[std::size_t(p)] < 0;
    }
    EXPECT_EQ(dropped, n - 4);
}

TEST(Cls, NeedsAttentionOfTheGridsLength) {
    const std::vector<float> x = randomFeatures(16, 2, 31);
    EXPECT_THROW(reduceTokens(x.data(), {4, 4}, 2, {ReductionMethod::Cls, {2, 2}}), ParameterError);
    EXPECT_THROW(reduceTokens(x.data(), {4, 4}, 2, {ReductionMethod::Cls, {2, 2}},
                              std::vector<double>(15, 1.0)),
                 ParameterError);
}

}  // namespace
}  // namespace assay::core::tokens
