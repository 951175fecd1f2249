// ToMe (facebookresearch/ToMe tome/merge.py: bipartite_soft_matching, merge_wavg, merge_source,
// no class token) applied step by step to the features as their own metric:
//   t tokens, r' = min(r, ⌊t/2⌋, t − M); A = the tokens at even positions, B = at odd positions;
//   score(a, b) = cosine; for each a its best b (the first on ties) and that score; the A tokens
//   sorted by score, descending (ties: the lower position first — torch's argsort leaves them
//   open); the first r' merge into their best b, the rest stay; new order = [unmerged A in sorted
//   order, B in order]; a merged token is the size-weighted mean of what it holds.
// Since a merged token is the mean of its patches, cosines between tokens follow from the Gram
// matrix of the patches: with s_u the sum of token u's patches, cos(u, v) = G(u,v)/√(G(u,u)G(v,v))
// and merging adds rows and columns of G. So the patches' Gram matrix is computed once
// (fp32 products, double over 128-channel blocks) and every step costs O(t²), not O(t²·D).
// The tokens are the means of their patches in double (ToMe's x·size sums, exactly).
#include "tome_merge.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reduction_kernels.h"

namespace assay::core::tokens::detail {

void tomeReduce(const float* features, int n, int dim, int tokens, int r, TokenReduction& out) {
    if (r <= 0) r = (n - tokens + 7) / 8;
    std::vector<std::vector<int>> groups(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) groups[static_cast<std::size_t>(i)] = {i};
    std::vector<double> gram(static_cast<std::size_t>(n) * n);
    gramBlocked(features, n, dim, gram.data());

    int t = n;
    std::vector<double> norm, best, next, rowSums;
    std::vector<int> bestIdx, order;
    while (t > tokens) {
        const int step = std::min({r, t / 2, t - tokens});
        const int na = (t + 1) / 2, nb = t / 2;
        auto G = [&](int u, int v) { return gram[static_cast<std::size_t>(u) * t + v]; };
        norm.resize(static_cast<std::size_t>(t));
        for (int u = 0; u < t; ++u) norm[static_cast<std::size_t>(u)] = std::sqrt(G(u, u));
        best.assign(static_cast<std::size_t>(na), 0);
        bestIdx.assign(static_cast<std::size_t>(na), 0);
        for (int i = 0; i < na; ++i) {
            const int a = 2 * i;
            double m = -INFINITY;
            int mi = 0;
            for (int j = 0; j < nb; ++j) {
                const int b = 2 * j + 1;
                const double d =
                    norm[static_cast<std::size_t>(a)] * norm[static_cast<std::size_t>(b)];
                const double c = d > 0 ? G(a, b) / d : 0.0;
                if (c > m) {
                    m = c;
                    mi = j;
                }
            }
            best[static_cast<std::size_t>(i)] = m;
            bestIdx[static_cast<std::size_t>(i)] = mi;
        }
        order.resize(static_cast<std::size_t>(na));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
            return best[static_cast<std::size_t>(x)] > best[static_cast<std::size_t>(y)];
        });
        // New tokens as lists of old positions: unmerged A (sorted order), then each B with the A
        // tokens merged into it (in sorted order).
        std::vector<std::vector<int>> parts;
        parts.reserve(static_cast<std::size_t>(t - step));
        for (int e = step; e < na; ++e) parts.push_back({2 * order[static_cast<std::size_t>(e)]});
        const std::size_t bBase = parts.size();
        for (int j = 0; j < nb; ++j) parts.push_back({2 * j + 1});
        for (int e = 0; e < step; ++e) {
            const int i = order[static_cast<std::size_t>(e)];
            parts[bBase + static_cast<std::size_t>(bestIdx[static_cast<std::size_t>(i)])].push_back(
                2 * i);
        }
        // Patches and Gram matrix of the new tokens: G' = M G Mᵀ.
        const int t2 = static_cast<int>(parts.size());
        std::vector<std::vector<int>> newGroups(static_cast<std::size_t>(t2));
        rowSums.assign(static_cast<std::size_t>(t2) * t, 0.0);
        for (int k = 0; k < t2; ++k) {
            double* row = rowSums.data() + static_cast<std::size_t>(k) * t;
            for (int u : parts[static_cast<std::size_t>(k)]) {
                const std::vector<int>& g = groups[static_cast<std::size_t>(u)];
                newGroups[static_cast<std::size_t>(k)].insert(
                    newGroups[static_cast<std::size_t>(k)].end(), g.begin(), g.end());
                const double* src = gram.data() + static_cast<std::size_t>(u) * t;
                for (int v = 0; v < t; ++v) row[v] += src[v];
            }
        }
        next.assign(static_cast<std::size_t>(t2) * t2, 0.0);
        for (int k = 0; k < t2; ++k) {
            const double* row = rowSums.data() + static_cast<std::size_t>(k) * t;
            for (int l = 0; l < t2; ++l) {
                double s = 0;
                for (int v : parts[static_cast<std::size_t>(l)]) s += row[v];
                next[static_cast<std::size_t>(k) * t2 + l] = s;
            }
        }
        gram.swap(next);
        groups.swap(newGroups);
        t = t2;
    }

    out.tokenDim = dim;
    out.tokens.assign(static_cast<std::size_t>(t) * dim, 0.0f);
    std::vector<const float*> rows;
    std::vector<double> acc(static_cast<std::size_t>(dim));
    for (int k = 0; k < t; ++k) {
        std::vector<int>& g = groups[static_cast<std::size_t>(k)];
        std::sort(g.begin(), g.end());
        rows.clear();
        for (int p : g) rows.push_back(features + static_cast<std::size_t>(p) * dim);
        meanRows(rows.data(), static_cast<int>(rows.size()), dim,
                 out.tokens.data() + static_cast<std::size_t>(k) * dim, acc.data());
    }
    out.members = std::move(groups);
}

}  // namespace assay::core::tokens::detail
