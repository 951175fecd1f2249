// makePruneDemoBackend: the demo model lives in the LibTorch module when LibTorch is loaded on
// demand (found with detail::torchSymbol, as core/src/torch/moe_demo_on_demand.cpp does), and
// is linked into assay_core otherwise (CUDA builds), where its entry is called directly.
#include "prune_demo_backend.h"

#if ASSAY_TORCH_ON_DEMAND
#include "../torch/torch_module.h"
#endif

namespace assay::core::prune {
using MakePruneDemo = PruneDemoBackend* (*)(const PruneDemoSpec&, int, JobContext&);
}

#if !ASSAY_TORCH_ON_DEMAND
extern "C" assay::core::prune::PruneDemoBackend* assay_torch_make_prune_demo(
    const assay::core::prune::PruneDemoSpec& spec, int heldOutTokens, assay::core::JobContext& job);
#endif

namespace assay::core::prune {

std::unique_ptr<PruneDemoBackend> makePruneDemoBackend(const PruneDemoSpec& spec, int heldOutTokens,
                                                       JobContext& job) {
#if ASSAY_TORCH_ON_DEMAND
    const auto entry =
        reinterpret_cast<MakePruneDemo>(detail::torchSymbol("assay_torch_make_prune_demo"));
#else
    const MakePruneDemo entry = &assay_torch_make_prune_demo;
#endif
    return std::unique_ptr<PruneDemoBackend>(entry(spec, heldOutTokens, job));
}

}  // namespace assay::core::prune
