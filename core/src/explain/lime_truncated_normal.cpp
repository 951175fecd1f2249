// The truncated normal inside a quartile bin (lime's undiscretize: scipy.stats.truncnorm.rvs),
// by the inverse CDF. Φ is evaluated through erfc, which is accurate in the lower tail; an
// interval in the upper half is mirrored into the lower one first.
#include <cmath>

#include "lime_tabular_bins.h"

namespace assay::core::explain::detail {
namespace {

double normalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

double normalQuantile(double p) {
    if (p <= 0) return -INFINITY;
    if (p >= 1) return INFINITY;
    // Acklam's coefficients (relative error 1.15e-9), then one Halley step on Φ(x) − p.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double low = 0.02425;
    double x;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    // Halley refinement on e = Φ(x) − p, written with the tail that is accurate for x's sign.
    const double e = x < 0 ? normalCdf(x) - p : (1 - p) - normalCdf(-x);
    const double u = e * 2.5066282746310002 * std::exp(x * x / 2);  // √(2π)
    return x - u / (1 + x * u / 2);
}

TruncatedStandardNormal::TruncatedStandardNormal(double a, double b)
    : m_lo(a + b > 0 ? -b : a),
      m_hi(a + b > 0 ? -a : b),
      m_pLo(normalCdf(m_lo)),
      m_pHi(normalCdf(m_hi)),
      m_mirrored(a + b > 0) {}

double TruncatedStandardNormal::operator()(double u) const {
    if (m_mirrored) u = 1.0 - u;
    double x;
    if (!(m_pHi > m_pLo)) {
        x = m_lo + (m_hi - m_lo) * u;  // both ends deep in the tail: Φ cannot tell them apart
    } else {
        x = normalQuantile(m_pLo + u * (m_pHi - m_pLo));
        if (!(x >= m_lo)) x = m_lo;
        if (!(x <= m_hi)) x = m_hi;
    }
    return m_mirrored ? -x : x;
}

}  // namespace assay::core::explain::detail
