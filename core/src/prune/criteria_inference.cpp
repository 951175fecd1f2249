// Inference-guided criteria from one routing (criteria_inference.h).
#include "criteria_inference.h"

#include <algorithm>

#include "assay/moe/coactivation.h"

namespace assay::core::prune {

InferenceCriteria inferenceCriteria(const Routing& r, int n, const std::vector<std::int64_t>& ids,
                                    double vocabulary, bool wantCoactivation, bool wantIds) {
    InferenceCriteria out;
    const std::size_t nn = static_cast<std::size_t>(n);
    std::vector<std::int64_t> used(nn, 0);
    for (std::int32_t e : r.idx) ++used[static_cast<std::size_t>(e)];
    out.usage.resize(nn);
    for (std::size_t p = 0; p < nn; ++p)
        out.usage[p] =
            r.tokens > 0 ? static_cast<double>(used[p]) / static_cast<double>(r.tokens) : 0;
    if (wantCoactivation && r.tokens > 0) {
        const moe::Coactivation c =
            moe::coactivationCounts(r.idx.data(), r.tokens, r.k, n, "routing");
        out.coactivation.assign(c.counts.begin(), c.counts.end());
    } else if (wantCoactivation) {
        out.coactivation.assign(nn * nn, 0.0);
    }
    if (!wantIds || ids.empty()) return out;
    // X_p: the sorted set of token ids routed to p.
    std::vector<std::vector<std::int64_t>> sets(nn);
    for (std::int64_t t = 0; t < r.tokens; ++t)
        for (int j = 0; j < r.k; ++j)
            sets[static_cast<std::size_t>(r.idx[static_cast<std::size_t>(t * r.k + j)])].push_back(
                ids[static_cast<std::size_t>(t)]);
    for (auto& s : sets) {
        std::sort(s.begin(), s.end());
        s.erase(std::unique(s.begin(), s.end()), s.end());
    }
    out.vocabulary.resize(nn);
    for (std::size_t p = 0; p < nn; ++p)
        out.vocabulary[p] = vocabulary > 0 ? static_cast<double>(sets[p].size()) / vocabulary : 0;
    out.tokenSets.assign(nn * nn, 0.0);
    for (std::size_t p = 0; p < nn; ++p)
        for (std::size_t q = p; q < nn; ++q) {
            std::size_t i = 0, j = 0, both = 0;
            const auto &a = sets[p], &b = sets[q];
            while (i < a.size() && j < b.size()) {
                if (a[i] < b[j])
                    ++i;
                else if (b[j] < a[i])
                    ++j;
                else {
                    ++both;
                    ++i;
                    ++j;
                }
            }
            out.tokenSets[p * nn + q] = out.tokenSets[q * nn + p] = static_cast<double>(both);
        }
    return out;
}

}  // namespace assay::core::prune
