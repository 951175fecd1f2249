#include "pca_kernels.h"

namespace assay::core::probes::detail {
namespace {

// R rows of Y, columns [c0, c0 + kTile): Σ_j x[r][j] · q[j][c].
template <int R>
void projectTile(const double* x, std::int64_t d, const double* q, std::int64_t kp, std::int64_t c0,
                 double* y) {
    double acc[R][kTile] = {};
    for (std::int64_t j = 0; j < d; ++j) {
        const double* qj = q + j * kp + c0;
        for (int r = 0; r < R; ++r) {
            const double v = x[r * d + j];
            for (int c = 0; c < kTile; ++c) acc[r][c] += v * qj[c];
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < kTile; ++c) y[r * kp + c0 + c] = acc[r][c];
}

// R rows of G starting at j, columns [c0, c0 + kTile): += Σ_i x[i][j + r] · y[i][c].
template <int R>
void accumulateTile(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                    std::int64_t kp, double* g, std::int64_t j, std::int64_t c0) {
    double acc[R][kTile];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < kTile; ++c) acc[r][c] = g[(j + r) * kp + c0 + c];
    for (std::int64_t i = 0; i < rows; ++i) {
        const double* yi = y + i * kp + c0;
        const double* xi = x + i * d + j;
        for (int r = 0; r < R; ++r) {
            const double v = xi[r];
            for (int c = 0; c < kTile; ++c) acc[r][c] += v * yi[c];
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < kTile; ++c) g[(j + r) * kp + c0 + c] = acc[r][c];
}

}  // namespace

void projectBlock(const double* x, std::int64_t rows, std::int64_t d, const double* q,
                  std::int64_t kp, double* y) {
    std::int64_t i = 0;
    for (; i + 4 <= rows; i += 4)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            projectTile<4>(x + i * d, d, q, kp, c0, y + i * kp);
    for (; i < rows; ++i)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            projectTile<1>(x + i * d, d, q, kp, c0, y + i * kp);
}

void accumulateBlock(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                     std::int64_t kp, double* g, std::int64_t j0, std::int64_t j1) {
    std::int64_t j = j0;
    for (; j + 4 <= j1; j += 4)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            accumulateTile<4>(x, rows, d, y, kp, g, j, c0);
    for (; j < j1; ++j)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            accumulateTile<1>(x, rows, d, y, kp, g, j, c0);
}

}  // namespace assay::core::probes::detail
