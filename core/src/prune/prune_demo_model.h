#pragma once
// Internal: builds and trains the demo model (prune_demo_model.cpp, in the LibTorch module).
// Ownership passes to the caller. Reached from core only through prune_demo_entry.cpp.
#include "prune_demo_backend.h"

namespace assay::core::prune {

PruneDemoBackend* makePruneDemoModel(const PruneDemoSpec& spec, int heldOutTokens, JobContext& job);

}  // namespace assay::core::prune
