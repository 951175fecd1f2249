// pruneEngine(): the ATen engine from the LibTorch module when it is loaded on demand (found with
// detail::torchSymbol), else linked in and called directly (CUDA builds).
#include <memory>

#include "prune_engine.h"
#if ASSAY_TORCH_ON_DEMAND
#include "../torch/torch_module.h"
#endif

extern "C" assay::core::prune::PruneEngine* assay_torch_make_prune_engine();

namespace assay::core::prune {

const PruneEngine& pruneEngine() {
    static const std::unique_ptr<PruneEngine> engine = [] {
#if ASSAY_TORCH_ON_DEMAND
        using Entry = PruneEngine* (*)();
        auto entry = reinterpret_cast<Entry>(detail::torchSymbol("assay_torch_make_prune_engine"));
        return std::unique_ptr<PruneEngine>(entry());
#else
        return std::unique_ptr<PruneEngine>(assay_torch_make_prune_engine());
#endif
    }();
    return *engine;
}

}  // namespace assay::core::prune
