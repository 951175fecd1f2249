#pragma once
// Small dense linear algebra in double for the Probes analysis (PCA's Rayleigh–Ritz step,
// Procrustes): matrices of a few hundred rows at most, so plain Jacobi methods — simple, accurate
// to rounding, and with no library to link — are the right tool. Not for d × d matrices at
// d = 4096 (PCA never forms one).
#include <cstdint>
#include <vector>

namespace assay::core::probes::detail {

// Eigen decomposition of the symmetric n × n row-major matrix `a` by cyclic Jacobi rotations.
// values: descending; vectors: n × n row-major whose COLUMN k is the unit eigenvector of
// values[k]. Only the upper triangle of `a` is trusted (it is symmetrised first).
struct SymmetricEigen {
    std::vector<double> values;
    std::vector<double> vectors;
};
SymmetricEigen symmetricEigen(std::vector<double> a, int n);

// Thin SVD A = U Σ Vᵀ of the m × n row-major matrix `a` (m ≥ n) by one-sided (Hestenes) Jacobi:
// columns of A are rotated pairwise until orthogonal, V accumulates the rotations. u: m × n
// row-major with orthonormal columns (columns of zero singular values completed to an orthonormal
// set, so U Vᵀ is orthogonal for square A); s: n, descending; v: n × n row-major, orthogonal.
struct Svd {
    std::vector<double> u, s, v;
};
Svd jacobiSvd(const std::vector<double>& a, std::int64_t m, int n);

// Orthonormalises the k columns of the d × k row-major matrix `q` in place (modified
// Gram–Schmidt, twice for stability). A column that collapses (linearly dependent) is replaced
// by the first unit vector e_i not in the span of the others, so the result always has k
// orthonormal columns (k ≤ d).
void orthonormaliseColumns(std::vector<double>& q, std::int64_t d, int k);

}  // namespace assay::core::probes::detail
