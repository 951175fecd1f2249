#include "assay/judge/simulate.h"

#include <cmath>
#include <string>

#include "assay/core/error.h"

namespace assay::core::judge {

double sampleGamma(double shape, SplitMix64& rng) {
    if (!(shape > 0)) throw ParameterError("shape", std::to_string(shape) + " is not > 0");
    // Shape < 1: Γ(k) = Γ(k+1)·U^(1/k) (Marsaglia–Tsang's boost).
    if (shape < 1) return sampleGamma(shape + 1, rng) * std::pow(1 - rng.uniform(), 1 / shape);
    const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
        const double z = rng.normal();
        const double v0 = 1 + c * z;
        if (v0 <= 0) continue;
        const double v = v0 * v0 * v0;
        const double u = 1 - rng.uniform();  // (0, 1]: log(u) is finite
        if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
    }
}

double sampleBeta(double a, double b, SplitMix64& rng) {
    const double x = sampleGamma(a, rng), y = sampleGamma(b, rng);
    return x / (x + y);
}

std::vector<int> sampleCounts(const MixtureParams& params, int n, int m, SplitMix64& rng,
                              std::vector<int>* easy) {
    checkParams(params);
    if (n < 1) throw ParameterError("n", std::to_string(n) + " judges: needs at least 1");
    if (m < 0) throw ParameterError("m", std::to_string(m) + " is negative");
    std::vector<int> counts(static_cast<std::size_t>(m));
    if (easy) easy->assign(counts.size(), 0);
    for (int i = 0; i < m; ++i) {
        const bool z = rng.uniform() < params.pi;
        const double p =
            z ? sampleBeta(params.a1, params.b1, rng) : sampleBeta(params.a2, params.b2, rng);
        int x = 0;
        for (int j = 0; j < n; ++j) x += rng.uniform() < p ? 1 : 0;
        counts[i] = x;
        if (easy) (*easy)[i] = z ? 1 : 0;
    }
    return counts;
}

}  // namespace assay::core::judge
