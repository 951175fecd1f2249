#include "assay/moe/c2r_routing.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "assay/core/error.h"

namespace assay::core::moe {
namespace {

void checkLogits(const std::vector<float>& logits, int n, int k) {
    if (n < 1 || k < 1 || k > n)
        throw ParameterError("top_k",
                             std::to_string(k) + " is outside [1, n = " + std::to_string(n) + "]");
    if (logits.size() % static_cast<std::size_t>(n) != 0)
        throw ParameterError("router_logits",
                             "has " + std::to_string(logits.size()) +
                                 " values, not a multiple of n = " + std::to_string(n));
}

// "a before b": larger value first, ties to the lower index (the rule everywhere in C2R).
template <typename V>
bool before(V va, int a, V vb, int b) {
    return va > vb || (va == vb && a < b);
}

// Writes the weights of row sel[0..k) from that token's logits z.
void fillWeights(const float* z, int n, const std::int32_t* sel, int k, const RoutingOptions& o,
                 float* w) {
    if (o.variant == C2rVariant::Llama) {
        double top = z[sel[0]], sum = 0;
        for (int j = 1; j < k; ++j) top = std::max(top, static_cast<double>(z[sel[j]]));
        std::vector<double> e(k);
        for (int j = 0; j < k; ++j) sum += (e[j] = std::exp(z[sel[j]] - top));
        for (int j = 0; j < k; ++j) w[j] = static_cast<float>(e[j] / sum);
        return;
    }
    double top = z[0], sum = 0;
    for (int e = 1; e < n; ++e) top = std::max(top, static_cast<double>(z[e]));
    for (int e = 0; e < n; ++e) sum += std::exp(z[e] - top);
    double picked = 0;
    std::vector<double> p(k);
    for (int j = 0; j < k; ++j) picked += (p[j] = std::exp(z[sel[j]] - top) / sum);
    for (int j = 0; j < k; ++j) w[j] = static_cast<float>(o.normalise ? p[j] / picked : p[j]);
}

// The best `count` of cand[0..m) by z, in order, appended to out.
void pickBest(const float* z, const std::int32_t* cand, int m, int count, std::int32_t* out) {
    std::vector<std::int32_t> c(cand, cand + m);
    std::partial_sort(c.begin(), c.begin() + count, c.end(),
                      [z](std::int32_t a, std::int32_t b) { return before(z[a], a, z[b], b); });
    std::copy(c.begin(), c.begin() + count, out);
}

LayerRouting emptyRouting(std::int64_t tokens, int k) {
    LayerRouting r;
    r.tokens = tokens;
    r.k = k;
    r.topkIdx.resize(static_cast<std::size_t>(tokens) * k);
    r.topkWeight.resize(r.topkIdx.size());
    return r;
}

}  // namespace

C2rVariant c2rVariantFromName(const std::string& name) {
    if (name == "qwen") return C2rVariant::Qwen;
    if (name == "llama") return C2rVariant::Llama;
    throw ParameterError("variant", "'" + name + "' is not a C2R variant (expected qwen or llama)");
}

const char* c2rVariantName(C2rVariant variant) {
    return variant == C2rVariant::Qwen ? "qwen" : "llama";
}

TopTLists topTLists(const std::vector<double>& collab, int n, int topT) {
    if (n < 1 || collab.size() != static_cast<std::size_t>(n) * n)
        throw ParameterError("collaboration",
                             "expected an n x n matrix with n = " + std::to_string(n));
    if (topT < 0 || topT > n - 1)
        throw ParameterError(
            "T", std::to_string(topT) + " is outside [0, n-1 = " + std::to_string(n - 1) + "]");
    TopTLists l{n, topT, std::vector<std::int32_t>(static_cast<std::size_t>(n) * topT)};
    std::vector<std::int32_t> others(static_cast<std::size_t>(n > 0 ? n - 1 : 0));
    for (int i = 0; i < n; ++i) {
        const double* c = collab.data() + static_cast<std::size_t>(i) * n;
        others.clear();
        for (int j = 0; j < n; ++j)
            if (j != i) others.push_back(j);
        std::partial_sort(others.begin(), others.begin() + topT, others.end(),
                          [c](std::int32_t a, std::int32_t b) { return before(c[a], a, c[b], b); });
        std::copy(others.begin(), others.begin() + topT,
                  l.partners.begin() + static_cast<std::ptrdiff_t>(i) * topT);
    }
    return l;
}

LayerRouting vanillaTopK(const std::vector<float>& logits, int n, int k,
                         const RoutingOptions& options) {
    checkLogits(logits, n, k);
    const auto tokens = static_cast<std::int64_t>(logits.size() / n);
    LayerRouting r = emptyRouting(tokens, k);
    std::vector<std::int32_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    for (std::int64_t t = 0; t < tokens; ++t) {
        const float* z = logits.data() + t * n;
        std::int32_t* sel = r.topkIdx.data() + t * k;
        pickBest(z, all.data(), n, k, sel);
        fillWeights(z, n, sel, k, options, r.topkWeight.data() + t * k);
    }
    return r;
}

LayerRouting c2rRoute(const std::vector<float>& logits, int n, int k, const TopTLists& lists,
                      const RoutingOptions& options) {
    checkLogits(logits, n, k);
    if (lists.n != n)
        throw ParameterError("Top-T lists", "are for n = " + std::to_string(lists.n) +
                                                " experts, the logits for " + std::to_string(n));
    if (lists.topT < k - 1)
        throw ParameterError(
            "T", std::to_string(lists.topT) + " is below k-1 = " + std::to_string(k - 1));
    const auto tokens = static_cast<std::int64_t>(logits.size() / n);
    LayerRouting r = emptyRouting(tokens, k);
    for (std::int64_t t = 0; t < tokens; ++t) {
        const float* z = logits.data() + t * n;
        std::int32_t* sel = r.topkIdx.data() + t * k;
        std::int32_t e1 = 0;
        for (int e = 1; e < n; ++e)
            if (before(z[e], e, z[e1], e1)) e1 = e;
        sel[0] = e1;
        pickBest(z, lists.row(e1), lists.topT, k - 1, sel + 1);
        fillWeights(z, n, sel, k, options, r.topkWeight.data() + t * k);
    }
    return r;
}

RoutingDeviation routingDeviation(const LayerRouting& vanilla, const LayerRouting& c2r,
                                  const std::vector<float>& logits, int n) {
    const int k = vanilla.k;
    if (c2r.k != k || c2r.tokens != vanilla.tokens ||
        logits.size() != static_cast<std::size_t>(vanilla.tokens) * n)
        throw ParameterError("routing", "vanilla, C2R and logits must cover the same tokens and k");
    RoutingDeviation d;
    if (vanilla.tokens == 0) return d;
    double changed = 0, keptW = 0, keptP = 0;
    std::set<std::vector<std::int32_t>> sets;
    std::vector<std::int32_t> a(k), b(k);
    for (std::int64_t t = 0; t < vanilla.tokens; ++t) {
        std::copy_n(vanilla.topkIdx.data() + t * k, k, a.begin());
        std::copy_n(c2r.topkIdx.data() + t * k, k, b.begin());
        const float* w = vanilla.topkWeight.data() + t * k;
        const float* z = logits.data() + t * n;
        double top = z[0];
        for (int e = 1; e < n; ++e) top = std::max(top, static_cast<double>(z[e]));
        double wAll = 0, wKept = 0, pA = 0, pB = 0;
        for (int j = 0; j < k; ++j) {
            const bool kept = std::find(b.begin(), b.end(), a[j]) != b.end();
            wAll += w[j];
            if (kept) wKept += w[j];
            pA += std::exp(z[a[j]] - top);
            pB += std::exp(z[b[j]] - top);
        }
        keptW += wAll > 0 ? wKept / wAll : 1.0;
        keptP += pB / pA;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        changed += a != b;
        sets.insert(b);
    }
    const auto T = static_cast<double>(vanilla.tokens);
    d.changedShare = changed / T;
    d.keptWeightMass = keptW / T;
    d.keptProbMass = keptP / T;
    d.distinctSets = static_cast<std::int64_t>(sets.size());
    return d;
}

}  // namespace assay::core::moe
