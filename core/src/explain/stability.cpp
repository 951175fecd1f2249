// Stability of an explanation over seeds: per-feature spread of attributions from S reruns.
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/explain/inversion_metrics.h"

namespace assay::core::explain {

Stability stability(const std::vector<double>& runs, int S, int M) {
    if (S < 1 || M < 1) {
        throw ParameterError("stability", "S = " + std::to_string(S) +
                                              ", M = " + std::to_string(M) + ", expected both ≥ 1");
    }
    if (runs.size() != static_cast<std::size_t>(S) * M) {
        throw ParameterError("runs", std::to_string(runs.size()) + " values, expected S × M = " +
                                         std::to_string(static_cast<std::size_t>(S) * M));
    }
    Stability st;
    st.mean.assign(M, 0.0);
    st.stddev.assign(M, 0.0);
    double absTotal = 0;
    for (int s = 0; s < S; ++s) {
        for (int j = 0; j < M; ++j) {
            const double v = runs[static_cast<std::size_t>(s) * M + j];
            st.mean[j] += v;
            absTotal += std::fabs(v);
        }
    }
    for (int j = 0; j < M; ++j) st.mean[j] /= S;
    // Population standard deviation (ddof 0, NumPy's default): defined for S = 1 too.
    for (int s = 0; s < S; ++s) {
        for (int j = 0; j < M; ++j) {
            const double d = runs[static_cast<std::size_t>(s) * M + j] - st.mean[j];
            st.stddev[j] += d * d;
        }
    }
    double sdSum = 0;
    for (int j = 0; j < M; ++j) {
        st.stddev[j] = std::sqrt(st.stddev[j] / S);
        sdSum += st.stddev[j];
    }
    // Relative spread: the mean stddev over the mean |a| of all runs (0 when every |a| is 0).
    const double meanAbs = absTotal / (static_cast<double>(S) * M);
    st.meanStd = meanAbs > 0 ? (sdSum / M) / meanAbs : 0.0;
    return st;
}

}  // namespace assay::core::explain
