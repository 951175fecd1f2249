#pragma once
// Internal to the LibTorch module: the Pruning demo's network (prune_demo.h) as plain tensors, so
// that weight views can point into them and clone() is a deep copy of a few tensors.
//   h <- h + MoE_l(h), l = 0..L−1;  logits = head(h)
//   MoE_l: z = h·routerᵀ (+ −∞ for dropped experts); top-k of z; combine weights = softmax over
//   the k selected logits (Mixtral); expert(h) = down · (silu(gate · h) ⊙ (up · h)).
#include <torch/torch.h>

#include <cstdint>
#include <mutex>
#include <vector>

#include "assay/demo/prune_demo.h"
#include "assay/prune/expert_mask.h"

namespace assay::core::prune::demo {

// One compute thread while the demo computes: small matrices gain nothing from more, and one
// thread makes the float sums, hence every number, independent of the machine's core count.
// Counted, so that overlapping uses from two threads restore the count only when the last ends.
class OneThread {
public:
    OneThread();
    ~OneThread();
    OneThread(const OneThread&) = delete;
    OneThread& operator=(const OneThread&) = delete;
};

struct DemoWeights {
    std::vector<torch::Tensor> router, gate, up,
        down;                            // per layer [n,d], [n,f,d], [n,f,d], [n,d,f]
    torch::Tensor headWeight, headBias;  // [C,d], [C]

    // Seeded initialisation (SplitMix64, not LibTorch's generator: nothing else can shift it).
    static DemoWeights initial(const PruneDemoSpec& spec, int classes);
    DemoWeights clone() const;  // deep copy, requires_grad as the original
    std::vector<torch::Tensor> parameters() const;
};

// Per layer an additive mask [n] (0 kept, −∞ dropped). ParameterError for a layer that keeps
// fewer than k experts or a mask of the wrong expert count.
std::vector<torch::Tensor> logitMasks(const ExpertMask& mask, int layers, int experts, int topK);
bool keeps(const ExpertMask& mask, int layer, int expert);

struct NetOutput {
    torch::Tensor logits;   // [T,C]
    torch::Tensor balance;  // mean over layers of the Switch load-balancing loss
};

class DemoNet {
public:
    DemoNet(const PruneDemoSpec& spec) : m_spec(spec) {}
    // The input of block `upTo` (upTo = L: the head's input).
    torch::Tensor blockInput(const DemoWeights& w, const torch::Tensor& x,
                             const std::vector<torch::Tensor>& masks, int upTo) const;
    NetOutput forward(const DemoWeights& w, const torch::Tensor& x,
                      const std::vector<torch::Tensor>& masks, bool withBalance) const;

private:
    torch::Tensor block(const DemoWeights& w, const torch::Tensor& h, int l,
                        const torch::Tensor& mask, torch::Tensor* balance) const;
    PruneDemoSpec m_spec;
};

}  // namespace assay::core::prune::demo
