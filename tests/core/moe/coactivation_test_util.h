#pragma once
// Helpers for the co-activation tests: seeded random traces and a brute-force reference.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

namespace assay::core::moe::test {

// T rows of k distinct experts in [0,n), uniform over k-subsets (partial Fisher-Yates).
inline std::vector<std::int32_t> randomRouting(std::int64_t T, int k, int n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::int32_t> perm(static_cast<std::size_t>(n)), out;
    std::iota(perm.begin(), perm.end(), 0);
    out.reserve(static_cast<std::size_t>(T * k));
    for (std::int64_t t = 0; t < T; ++t) {
        for (int p = 0; p < k; ++p) {
            std::uniform_int_distribution<int> pick(p, n - 1);
            std::swap(perm[static_cast<std::size_t>(p)], perm[static_cast<std::size_t>(pick(rng))]);
            out.push_back(perm[static_cast<std::size_t>(p)]);
        }
    }
    return out;
}

// C = MᵀM by building the multi-hot matrix M row by row.
inline std::vector<std::int64_t> bruteForceCounts(const std::vector<std::int32_t>& idx, int k,
                                                  int n) {
    std::vector<std::int64_t> c(static_cast<std::size_t>(n) * n, 0);
    std::vector<int> m(static_cast<std::size_t>(n));
    for (std::size_t t = 0; t * k < idx.size(); ++t) {
        std::fill(m.begin(), m.end(), 0);
        for (int p = 0; p < k; ++p) m[static_cast<std::size_t>(idx[t * k + p])] = 1;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) c[static_cast<std::size_t>(i) * n + j] += m[i] * m[j];
    }
    return c;
}

}  // namespace assay::core::moe::test
