#pragma once
// The two block products of a PCA pass, register-tiled (the compiler vectorises the 8 columns of
// a tile; 4 rows share each load of the other operand), AVX2+FMA where the CPU has it:
//   projectBlock     Y = X Q        X [rows × d], Q [d × kp]      → Y [rows × kp]
//   accumulateBlock  G[j0:j1] += X[:, j0:j1]ᵀ Y                    G [d × kp]
// kp is a multiple of kTile. Each output element is a sum over one index in ascending order, so
// the result does not depend on how rows or columns are shared between threads.
#include <cstdint>

namespace assay::core::probes::detail {

constexpr int kTile = 8;

void projectBlock(const double* x, std::int64_t rows, std::int64_t d, const double* q,
                  std::int64_t kp, double* y);
void accumulateBlock(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                     std::int64_t kp, double* g, std::int64_t j0, std::int64_t j1);
// The portable entries alone (tests: the AVX2 entries must give the same bits).
void projectBlockPortable(const double* x, std::int64_t rows, std::int64_t d, const double* q,
                          std::int64_t kp, double* y);
void accumulateBlockPortable(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                             std::int64_t kp, double* g, std::int64_t j0, std::int64_t j1);

}  // namespace assay::core::probes::detail
