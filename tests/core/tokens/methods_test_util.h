#pragma once
// Shared by the methods tests: seeded random features and a plain double cosine.
#include <cmath>
#include <cstdint>
#include <vector>

#include "assay/core/random.h"

namespace assay::core::tokens::test {

inline std::vector<float> randomFeatures(int rows, int dim, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<float> v(static_cast<std::size_t>(rows) * dim);
    for (float& x : v) x = static_cast<float>(rng.normal());
    return v;
}

// Brute-force cosine of two rows in double (0 when either is zero).
inline double cosine(const float* a, const float* b, int dim) {
    double ab = 0, aa = 0, bb = 0;
    for (int c = 0; c < dim; ++c) {
        ab += double(a[c]) * b[c];
        aa += double(a[c]) * a[c];
        bb += double(b[c]) * b[c];
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

// s_w by its definition: the mean over ordered pairs i ≠ j of the members' cosines.
inline double bruteSimilarity(const std::vector<float>& x, int dim, const std::vector<int>& m) {
    if (m.size() < 2) return NAN;
    double s = 0;
    for (std::size_t i = 0; i < m.size(); ++i)
        for (std::size_t j = 0; j < m.size(); ++j)
            if (i != j)
                s += cosine(x.data() + std::size_t(m[i]) * dim, x.data() + std::size_t(m[j]) * dim,
                            dim);
    return s / (double(m.size()) * double(m.size() - 1));
}

}  // namespace assay::core::tokens::test
