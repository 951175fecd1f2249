#pragma once
// Internal to core: the inference-guided criteria (papers.md §2(c)) from a routing, in plain C++
// (integer counts, double results): EUF, ECC (co-activation counts, the Experts view's core code),
// EVTC and ETS on the sets of token ids routed to each expert.
#include <cstdint>
#include <vector>

#include "prune_engine.h"

namespace assay::core::prune {

struct InferenceCriteria {
    std::vector<double> usage;         // EUF u_p = t_p / T
    std::vector<double> coactivation;  // ECC C_pq [n,n]
    std::vector<double> vocabulary;    // EVTC |unique ids routed to p| / |V|
    std::vector<double> tokenSets;     // ETS |X_p ∩ X_q| [n,n]
};

// ids: [T] token ids (empty: EVTC and ETS left empty). vocabulary = |V|.
InferenceCriteria inferenceCriteria(const Routing& r, int n, const std::vector<std::int64_t>& ids,
                                    double vocabulary, bool wantCoactivation, bool wantIds);

}  // namespace assay::core::prune
