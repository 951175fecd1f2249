#pragma once
// The Pruning view's built-in demo: a small MoE network with SwiGLU experts (so the engine treats
// it like a checkpoint's blocks, family Demo = Mixtral's combine weights), trained from a seed on
// the CPU in seconds on a classification task with several domains, one of them an
// instruction-like sub-task (the label depends on an instruction part of the input that selects
// the rule), so that the paper's observation — instruction following is hurt first when experts
// are dropped — can be looked at (papers.md §2; issue 9).
//
// Network: h0 = x; h <- h + MoE_l(h) for l = 0..L−1 (residual); logits = head(h); task loss =
// cross-entropy. Reproducible: same spec → bit-identical weights and numbers on one machine.
#include <cstdint>
#include <string>
#include <vector>

namespace assay::core::prune {

struct PruneDemoSpec {
    std::uint64_t seed = 11;
    int layers = 4;         // L, 1..8
    int experts = 8;        // n
    int topK = 2;           // k
    int hidden = 32;        // d
    int expertHidden = 32;  // f
    int trainSteps = 600;
    int batchTokens = 128;
    double learningRate = 5e-3;
    double balanceWeight = 0.05;
    int calibrationTokens = 2048;  // tokens whose block inputs form the calibration set
};

}  // namespace assay::core::prune
