#pragma once
// Split-conformal threshold, prediction sets and conformal p-values (papers.md §5).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace assay::core::conformal {

inline constexpr double kInfiniteThreshold = std::numeric_limits<double>::infinity();

// The 1-based rank r = ⌈(n+1)(1−α)⌉ of the calibration score used as threshold. r > n means the
// threshold is +∞ (every option is in the set). The ceiling forgives 1e-9 of rounding, so that
// e.g. n = 99, α = 0.1 gives exactly 90. Throws ParameterError unless 0 < α < 1.
std::size_t thresholdRank(std::size_t n, double alpha);

// q̂ = the r-th smallest of the (ascending) calibration scores, or +∞ when r > n.
double thresholdFromSorted(const double* sortedScores, std::size_t n, double alpha);
// Same, sorting a copy.
double conformalThreshold(std::vector<double> scores, double alpha);

// Leave-one-out coverage of every calibration item (SConU-Pro): item i is covered iff
// s_i ≤ q̂^(−i), the ⌈N(1−α)⌉-th smallest of the other N−1 scores. O(N) after one sort,
// using that q̂^(−i) ≥ s_i exactly when s_i ≤ the ⌈N(1−α)⌉-th smallest of all N scores.
std::vector<std::uint8_t> leaveOneOutCovered(const std::vector<double>& calScores, double alpha);

// Conformal p-values p_j = (1 + #{i : U_i ≥ U_j, include_i}) / (N+1) for every test statistic.
// calStatistic: the N calibration statistics; include: empty (all, SConU) or the LOO coverage
// mask (SConU-Pro). Sort once, binary search per query: O((N + M) log N). Runs on the device
// chosen at start-up (CUDA kernel when available).
std::vector<double> conformalPValues(const std::vector<double>& calStatistic,
                                     const std::vector<std::uint8_t>& include,
                                     const std::vector<double>& testStatistic);

// For each query q: #{values ≥ q} over an ascending array (CPU threads or the CUDA kernel).
std::vector<std::int64_t> countAtLeast(const std::vector<double>& sortedValues,
                                       const std::vector<double>& queries);

}  // namespace assay::core::conformal
