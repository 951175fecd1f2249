#pragma once
// Internal to the demo model (LibTorch module): the spec check and the token sets and settings a
// model shares with its clones.
#include <torch/torch.h>

#include "assay/demo/prune_demo.h"
#include "assay/prune/moe_weights.h"
#include "prune_demo_task.h"

namespace assay::core::prune::demo {

// ParameterError naming the field and the expectation.
void checkDemoSpec(const PruneDemoSpec& spec, int heldOutTokens);

// A token set as tensors (the data is copied once; batches are row slices).
struct Tokens {
    TokenSet set;
    torch::Tensor x, label;  // [T,d] float, [T] long
    Tokens(TokenSet s, int d);
};

// Immutable after construction; shared by clones. Estimation tokens are stream 1 of the task,
// held-out tokens stream 2, training batch r stream 1000 + r.
struct Shared {
    PruneDemoSpec spec;
    MoeConfig config;
    Task task;
    Tokens estimation, heldOut;
    Shared(const PruneDemoSpec& s, int heldOutTokens);
};

}  // namespace assay::core::prune::demo
