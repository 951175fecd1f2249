#pragma once
// Internal helpers of LIME tabular (lime_tabular*.cpp): the quartile bin of a value and the
// truncated-normal draw inside a bin.
#include <vector>

namespace assay::core::explain::detail {

// np.searchsorted(edges, v) (side 'left'): the number of edges strictly below v.
int binOf(const std::vector<double>& edges, double v);

// A standard normal truncated to [a, b] (a ≤ b), sampled by the inverse CDF at u ∈ (0, 1) as
// scipy.stats.truncnorm samples it. Φ(a), Φ(b) are computed once per bin; an interval in the
// upper half is mirrored into the lower one, where Φ (through erfc) stays accurate.
class TruncatedStandardNormal {
public:
    TruncatedStandardNormal(double a, double b);
    double operator()(double u) const;

private:
    double m_lo, m_hi, m_pLo, m_pHi;
    bool m_mirrored;
};

// Φ⁻¹(p), p ∈ (0, 1), to full double precision (Acklam's rational start, one Halley step).
double normalQuantile(double p);

}  // namespace assay::core::explain::detail
