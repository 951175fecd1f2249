#pragma once
// Internal to core and its tests: what the demo model offers beyond PruneDemoBackend so that a
// test can check gradients() against a finite difference through the same network. The model
// made by makePruneDemoBackend() is always one of these (static_cast is safe; no RTTI is needed
// across the module boundary, the calls are virtual).
#include <cstdint>

#include "prune_demo_backend.h"

namespace assay::core::prune {

class PruneDemoBackendChecks : public PruneDemoBackend {
public:
    // The loss gradients() differentiates: the sum over the estimation batches of each batch's
    // mean cross-entropy, through the masked network (double accumulation of fp32 logits).
    virtual double estimationLoss(const ExpertMask& mask) const = 0;
    // Adds `delta` to one entry of expert `expert`'s matrix in layer l (0 gate, 1 up, 2 down;
    // `index` row-major in that matrix's layout).
    virtual void perturbExpertWeight(int l, int expert, int matrix, std::int64_t index,
                                     float delta) = 0;
};

}  // namespace assay::core::prune
