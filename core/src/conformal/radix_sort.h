#pragma once
// Internal to core/conformal: LSD radix sort of doubles (finite or ±inf, no NaN), with the
// permutation. 11-bit digits, passes whose digit is constant are skipped. Stable; several times
// faster than std::sort for the 10^5–10^7 scores conformal procedures sort.
#include <cstdint>
#include <vector>

namespace assay::core::conformal::detail {

// order = the stable ascending argsort of values.
std::vector<std::uint32_t> argsortDoubles(const double* values, std::size_t n);
// The values in ascending order.
std::vector<double> sortedDoubles(const double* values, std::size_t n);

}  // namespace assay::core::conformal::detail
