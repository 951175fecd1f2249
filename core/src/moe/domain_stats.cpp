// Expert usage by domain and per-expert mutual information with the domain (domain_stats.h).
#include "assay/moe/domain_stats.h"

#include <algorithm>
#include <cmath>

#include "assay/core/error.h"

namespace assay::core::moe {
namespace {

double xlogy(double p, double ratio) { return p > 0.0 && ratio > 0.0 ? p * std::log(ratio) : 0.0; }

double entropyOf(const std::vector<double>& p) {
    double h = 0.0;
    for (double v : p)
        if (v > 0.0) h -= v * std::log(v);
    return h;
}

}  // namespace

DomainStats domainStats(const std::int32_t* idx, std::int64_t rows, int k, int n,
                        const std::int32_t* domain, int domains) {
    if (n < 1 || k < 1 || k > n)
        throw ParameterError("top_k", "k = " + std::to_string(k) + ", n = " + std::to_string(n) +
                                          ": need 1 <= k <= n");
    if (domains < 1) throw ParameterError("domains", "must be at least 1");
    DomainStats s;
    s.domains = domains;
    s.n = n;
    s.tokensByDomain.assign(static_cast<std::size_t>(domains), 0);
    s.usageByDomain.assign(static_cast<std::size_t>(domains) * n, 0);
    for (std::int64_t t = 0; t < rows; ++t) {
        const std::int32_t d = domain[t];
        if (d < 0 || d >= domains)
            throw InputError(
                "domain", "row " + std::to_string(t + 1),
                "domain " + std::to_string(d) + " is outside [0, " + std::to_string(domains) + ")");
        ++s.tokensByDomain[static_cast<std::size_t>(d)];
        std::int64_t* u = &s.usageByDomain[static_cast<std::size_t>(d) * n];
        for (int p = 0; p < k; ++p) {
            const std::int32_t e = idx[t * k + p];
            if (e < 0 || e >= n)
                throw InputError("topk_idx", "row " + std::to_string(t + 1),
                                 "expert index " + std::to_string(e) + " is outside [0, " +
                                     std::to_string(n) + ")");
            ++u[e];
        }
    }
    s.specialisation.assign(static_cast<std::size_t>(n), 0.0);
    s.normalised.assign(static_cast<std::size_t>(n), 0.0);
    if (rows == 0) return s;
    const double T = static_cast<double>(rows);
    std::vector<double> pd(static_cast<std::size_t>(domains));
    for (int d = 0; d < domains; ++d)
        pd[static_cast<std::size_t>(d)] =
            static_cast<double>(s.tokensByDomain[static_cast<std::size_t>(d)]) / T;
    const double hD = entropyOf(pd);
    double layer = 0.0;
    for (int i = 0; i < n; ++i) {
        double used = 0.0;
        for (int d = 0; d < domains; ++d)
            used += static_cast<double>(s.usageByDomain[static_cast<std::size_t>(d) * n + i]);
        const double p1 = used / T, p0 = 1.0 - p1;
        double mi = 0.0;
        for (int d = 0; d < domains; ++d) {
            const double pdv = pd[static_cast<std::size_t>(d)];
            const double j1 = static_cast<double>(
                                  s.usageByDomain[static_cast<std::size_t>(d) * n + i]) /
                              T,
                         j0 = pdv - j1;
            mi += xlogy(j1, j1 / (p1 * pdv)) + xlogy(j0, j0 / (p0 * pdv));
            layer +=
                xlogy(j1 / k, (j1 / k) / ((p1 / k) * pdv));  // p(e,d) = usage/(kT), p(e) = u/(kT)
        }
        mi = std::max(0.0, mi);
        const double bound = std::min(entropyOf({p0, p1}), hD);
        s.specialisation[static_cast<std::size_t>(i)] = mi;
        s.normalised[static_cast<std::size_t>(i)] = bound > 0.0 ? std::min(1.0, mi / bound) : 0.0;
        s.meanSpecialisation += mi / n;
    }
    s.layerInformation = std::max(0.0, layer);
    return s;
}

}  // namespace assay::core::moe
