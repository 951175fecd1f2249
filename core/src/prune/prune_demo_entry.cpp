// The Pruning demo's entry point in libassay_torch.so (see core/src/torch/torch_entry.cpp for the
// convention): a plain C name for dlsym; C++ types and exceptions pass through it.
#include "prune_demo_model.h"

extern "C" __attribute__((visibility("default"))) assay::core::prune::PruneDemoBackend*
assay_torch_make_prune_demo(const assay::core::prune::PruneDemoSpec& spec, int heldOutTokens,
                            assay::core::JobContext& job) {
    return assay::core::prune::makePruneDemoModel(spec, heldOutTokens, job);
}
