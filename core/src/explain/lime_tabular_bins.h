#pragma once
// Internal helpers of LIME tabular (lime_tabular*.cpp): the quartile bin of a value and the
// truncated-normal draw inside a bin.
#include <vector>

namespace assay::core::explain::detail {

// np.searchsorted(edges, v) (side 'left'): the number of edges strictly below v.
int binOf(const std::vector<double>& edges, double v);

// A standard normal truncated to [a, b] (a ≤ b) by the inverse CDF at u ∈ (0, 1), as
// scipy.stats.truncnorm samples it; the lower tail is used on both sides of 0 so that Φ stays
// accurate far from the mean.
double truncatedStandardNormal(double a, double b, double u);

// Φ⁻¹(p), p ∈ (0, 1), to full double precision (Acklam's rational start, one Halley step).
double normalQuantile(double p);

}  // namespace assay::core::explain::detail
