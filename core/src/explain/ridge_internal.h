#pragma once
// The weighted ridge for several outputs at once (limeFit: one surrogate per label shares the
// design matrix and the weights, so the Gram matrix is formed once), and its parts.
#include <cstdint>
#include <vector>

#include "assay/explain/lime.h"

namespace assay::core::explain::detail {

// Y: n × C row-major; fits columns[l] for each l. Shapes are the caller's to check (w: n, Z:
// n × M, alpha ≥ 0); ParameterError when every weight is 0.
std::vector<RidgeFit> weightedRidgeColumns(const std::vector<double>& Z, std::int64_t n, int M,
                                           const double* Y, int C, const std::vector<int>& columns,
                                           const std::vector<double>& w, double alpha);

// Solves (A) c = r for the symmetric positive semi-definite M × M matrix A (row-major) by LDLᵀ;
// a vanishing pivot gives that direction a zero coefficient.
std::vector<double> solveSymmetric(std::vector<double> A, std::vector<double> r, int M);

// The same fit when every entry of Z is 0 or 1 and M ≤ kBinaryRidgeMaxFeatures (LIME tabular's
// discretised representation, small masks): the samples are summed per distinct row pattern
// first, so the Gram matrix costs 2^M·M² at most instead of n·M² (weightedRidgeColumns picks it).
inline constexpr int kBinaryRidgeMaxFeatures = 12;
std::vector<RidgeFit> weightedRidgeBinary(const std::vector<double>& Z, std::int64_t n, int M,
                                          const double* Y, int C, const std::vector<int>& columns,
                                          const std::vector<double>& w, double alpha);

}  // namespace assay::core::explain::detail
