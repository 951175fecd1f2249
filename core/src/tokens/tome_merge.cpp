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
// (in double) and every step costs O(t²), not O(t²·D).
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
    std::vector<double> norm, best, next;
    std::vector<int> bestIdx, order, newOf;
    while (t > tokens) {
        const int step = std::min({r, t / 2, t - tokens});
        const int na = (t + 1) / 2, nb = t / 2;
        auto G = [&](int u, int v) { return gram[static_cast<std::size_t>(u) * t + v]; };
        // cos(a, b) = G(a, b) / (‖a‖ ‖b‖); a zero token has inverse norm 0, so cosine 0.
        norm.resize(static_cast<std::size_t>(t));
        for (int u = 0; u < t; ++u) {
            const double g = G(u, u);
            norm[static_cast<std::size_t>(u)] = g > 0 ? 1.0 / std::sqrt(g) : 0.0;
        }
        best.assign(static_cast<std::size_t>(na), 0);
        bestIdx.assign(static_cast<std::size_t>(na), 0);
        for (int i = 0; i < na; ++i) {
            const double* row = gram.data() + static_cast<std::size_t>(2 * i) * t;
            const double ia = norm[static_cast<std::size_t>(2 * i)];
            double m = -INFINITY;
            int mi = 0;
            for (int j = 0; j < nb; ++j) {
                const double c = row[2 * j + 1] * (ia * norm[static_cast<std::size_t>(2 * j + 1)]);
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
        // The new position of every old one: unmerged A (sorted order), then B, each A that
        // merges going to its B.
        newOf.resize(static_cast<std::size_t>(t));
        for (int e = step; e < na; ++e) newOf[static_cast<std::size_t>(2 * order[e])] = e - step;
        const int bBase = na - step;
        for (int j = 0; j < nb; ++j) newOf[static_cast<std::size_t>(2 * j + 1)] = bBase + j;
        for (int e = 0; e < step; ++e) {
            const int i = order[static_cast<std::size_t>(e)];
            newOf[static_cast<std::size_t>(2 * i)] = bBase + bestIdx[static_cast<std::size_t>(i)];
        }
        // Patches and Gram matrix of the new tokens, G' = M G Mᵀ.
        const int t2 = t - step;
        std::vector<std::vector<int>> newGroups(static_cast<std::size_t>(t2));
        for (int e = step; e < na; ++e)
            newGroups[static_cast<std::size_t>(e - step)] =
                std::move(groups[static_cast<std::size_t>(2 * order[static_cast<std::size_t>(e)])]);
        for (int j = 0; j < nb; ++j)
            newGroups[static_cast<std::size_t>(bBase + j)] =
                std::move(groups[static_cast<std::size_t>(2 * j + 1)]);
        for (int e = 0; e < step; ++e) {
            const int i = order[static_cast<std::size_t>(e)];
            std::vector<int>& g =
                newGroups[static_cast<std::size_t>(bBase + bestIdx[static_cast<std::size_t>(i)])];
            const std::vector<int>& src = groups[static_cast<std::size_t>(2 * i)];
            g.insert(g.end(), src.begin(), src.end());
        }
        // One scatter-add pass, entry (u, v) into (newOf[u], newOf[v]); rows stay in cache.
        next.assign(static_cast<std::size_t>(t2) * t2, 0.0);
        for (int u = 0; u < t; ++u) {
            double* dst =
                next.data() + static_cast<std::size_t>(newOf[static_cast<std::size_t>(u)]) * t2;
            const double* src = gram.data() + static_cast<std::size_t>(u) * t;
            for (int v = 0; v < t; ++v) dst[newOf[static_cast<std::size_t>(v)]] += src[v];
        }
        gram.swap(next);
        groups.swap(newGroups);
        t = t2;
    }

    out.tokenDim = dim;
    out.tokens.assign(static_cast<std::size_t>(t) * dim, 0.0f);
    std::vector<const float*> rows;
    for (int k = 0; k < t; ++k) {
        std::vector<int>& g = groups[static_cast<std::size_t>(k)];
        std::sort(g.begin(), g.end());
        rows.clear();
        for (int p : g) rows.push_back(features + static_cast<std::size_t>(p) * dim);
        meanRows(rows.data(), static_cast<int>(rows.size()), dim,
                 out.tokens.data() + static_cast<std::size_t>(k) * dim);
    }
    out.members = std::move(groups);
}

}  // namespace assay::core::tokens::detail
