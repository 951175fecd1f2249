#pragma once
// Expert usage by domain and how much each expert's selection says about the domain.
// For expert i let X_i = 1 when a token selects i; D the token's domain; p estimated over T.
//  specialisation_i = I(X_i; D) = Σ_{x∈{0,1}} Σ_d p(x,d) ln( p(x,d) / (p(x) p(d)) )   [nats]
//     0 when i is chosen independently of the domain; at most min(H(X_i), H(D)).
//  normalised_i     = I(X_i; D) / min(H(X_i), H(D)) in [0,1] (0 when the minimum is 0):
//     1 when selecting i determines the domain or vice versa (e.g. i used by one domain only,
//     always).
//  layerInformation = I(E; D) in nats, E the expert in a uniformly chosen routing slot of a
//     uniformly chosen token (p(e,d) = usageByDomain[d][e] / (kT)); log D when every domain
//     uses its own experts, 0 when routing ignores the domain.
#include <cstdint>
#include <vector>

namespace assay::core::moe {

struct DomainStats {
    int domains = 0;  // D
    int n = 0;
    std::vector<std::int64_t> tokensByDomain;  // [D]
    std::vector<std::int64_t> usageByDomain;   // [D, n] row-major: tokens of domain d choosing i
    std::vector<double> specialisation;        // [n] I(X_i; D), nats
    std::vector<double> normalised;            // [n] in [0,1]
    double meanSpecialisation = 0.0;           // mean of specialisation over experts
    double layerInformation = 0.0;             // I(E; D), nats
};

// idx [rows,k] with entries in [0,n) (as coactivationCounts checks), domain [rows] in [0,D).
// Throws InputError for a domain outside [0,D) or an index outside [0,n).
DomainStats domainStats(const std::int32_t* idx, std::int64_t rows, int k, int n,
                        const std::int32_t* domain, int domains);

}  // namespace assay::core::moe
