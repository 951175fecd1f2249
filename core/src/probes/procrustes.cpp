// Orthogonal Procrustes (Schönemann 1966): R = U Vᵀ from the SVD of M = Z_sᵀ Z_t, which
// maximises tr(Rᵀ M) and so minimises ‖Z_s R − Z_t‖_F over orthogonal R. Its own file so that
// the linear algebra links without the probes' training code.
#include <string>

#include "analysis_linalg.h"
#include "assay/core/error.h"
#include "assay/probes/subspace_transfer.h"

namespace assay::core::probes {

std::vector<double> orthogonalProcrustes(const std::vector<double>& zs,
                                         const std::vector<double>& zt, std::int64_t n, int r) {
    if (r < 1) throw ParameterError("rank", std::to_string(r) + " is below 1");
    if (n < 1) throw ParameterError("rows", "Procrustes needs at least one paired row");
    const std::size_t expected = static_cast<std::size_t>(n) * static_cast<std::size_t>(r);
    if (zs.size() != expected || zt.size() != expected)
        throw ParameterError("orthogonalProcrustes",
                             "source has " + std::to_string(zs.size()) + " values and target " +
                                 std::to_string(zt.size()) + ", expected " + std::to_string(n) +
                                 " × " + std::to_string(r));
    const std::size_t R = static_cast<std::size_t>(r), N = static_cast<std::size_t>(n);
    std::vector<double> m(R * R, 0.0);
    for (std::size_t i = 0; i < N; ++i) {
        const double* s = zs.data() + i * R;
        const double* t = zt.data() + i * R;
        for (std::size_t a = 0; a < R; ++a)
            for (std::size_t b = 0; b < R; ++b) m[a * R + b] += s[a] * t[b];
    }
    const detail::Svd svd = detail::jacobiSvd(m, r, r);
    std::vector<double> out(R * R, 0.0);
    for (std::size_t a = 0; a < R; ++a)
        for (std::size_t b = 0; b < R; ++b) {
            double v = 0;
            for (std::size_t k = 0; k < R; ++k) v += svd.u[a * R + k] * svd.v[b * R + k];
            out[a * R + b] = v;
        }
    return out;
}

}  // namespace assay::core::probes
