#pragma once
// The inner loops of token_reduction.h (internal to core/src/tokens): plain loops the compiler
// vectorises, built for AVX2/FMA with a portable fallback chosen at load time (target_clones), so
// the results are the same numbers on every x86-64 (the loops keep one summation order; fused
// multiply-adds only where written out, the same on both paths).
#include <cstddef>
#include <cstdint>

namespace assay::core::tokens::detail {

// 1 / ‖row‖ (squares in double — exact for floats — summed in double) for `rows` rows of `dim`, 0
// for a zero row — so a zero vector contributes cosine 0.
void inverseNorms(const float* x, int rows, int dim, double* out);

// s_w of one group from inverse norms: Σ_{i≠j} cos = ‖Σ_i u_i‖² − #nonzero, u_i = v_i / ‖v_i‖,
// summed in double (O(k·D), not O(k²·D)); divided by k(k−1). NaN for k < 2.
double groupCosineMean(const float* x, int dim, const int* members, int k, const double* invNorm);

// out[c·k + j] = rows[j][c] (the channel-major concatenation of k rows).
void interleaveRows(const float* const* rows, int k, int dim, float* out);

// out[c] = mean_j rows[j][c], accumulated in double.
void meanRows(const float* const* rows, int k, int dim, float* out);

// Σ a[c]·b[c]: products in double (exact for floats), double accumulation.
double dotDouble(const float* a, const float* b, int n);

// The full Gram matrix of `rows` rows (row-major, rows × rows, symmetric), in double (exact
// products, fused multiply-adds in double). ToMe's metric.
void gramBlocked(const float* x, int rows, int dim, double* gram);

// IEEE half → float for n values (F16C where the CPU has it; exact either way for every finite
// value, infinity and zero).
void halfToFloat(const std::uint16_t* in, std::size_t n, float* out);

// Tests: use the portable paths even where the CPU has AVX2 (to check they give the same bits).
void forcePortableKernels(bool on);

}  // namespace assay::core::tokens::detail
