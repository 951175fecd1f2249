#pragma once
// Internal to core: the demo model behind PruningModel::demo(). Implemented in the LibTorch module
// (training, fine-tuning and gradients need autograd), entry point
//   extern "C" PruneDemoBackend* assay_torch_make_prune_demo(const PruneDemoSpec&, int
//   heldOutTokens,
//                                                            JobContext&)
// (ownership passes to the caller; delete through the virtual destructor). Calibration tokens:
// spec.calibrationTokens estimation tokens + as many held-out ones as PruningOpenOptions asks,
// domains uniform, drawn from the seed.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "assay/demo/prune_demo.h"
#include "assay/jobs/job_context.h"
#include "assay/prune/expert_mask.h"
#include "assay/prune/moe_weights.h"

namespace assay::core::prune {

struct DemoTaskResult {
    double loss = 0;                     // mean cross-entropy
    double accuracy = 0;                 // overall
    std::vector<double> domainAccuracy;  // index = domain
};

// fp32 gradients of the task loss with respect to one expert's weights, summed over batches.
struct ExpertGradient {
    std::vector<float> gate, up, down;  // [f,d], [f,d], [d,f]
};

class PruneDemoBackend {
public:
    virtual ~PruneDemoBackend() = default;
    virtual const MoeConfig& config() const = 0;  // family Demo, moeLayers 0..L−1
    virtual std::vector<std::string> domainNames() const = 0;
    virtual MoeLayerWeights layer(int l) const = 0;  // views into this backend's buffers
    // The input of block l [T,d] row-major for the estimation (heldOut=false) or held-out tokens,
    // run through the masked network (so earlier drops change later inputs).
    virtual std::vector<float> blockInputs(const ExpertMask& mask, int l, bool heldOut) const = 0;
    virtual std::vector<std::int32_t> tokenIds(
        bool heldOut) const = 0;  // a "vocabulary" id per token
    virtual std::vector<std::int32_t> domains(bool heldOut) const = 0;
    virtual DemoTaskResult evaluate(const ExpertMask& mask, JobContext& job) const = 0;  // held out
    // Per expert of layer l (dropped experts: zero), on the estimation tokens, masked network.
    virtual std::vector<ExpertGradient> gradients(const ExpertMask& mask, int l,
                                                  JobContext& job) const = 0;
    virtual std::unique_ptr<PruneDemoBackend> clone() const = 0;
    // Budgeted recovery fine-tune of the masked network (MoE Lottery): AdamW, cosine schedule,
    // `tokens` training tokens, optimizer fresh each call; dropped experts stay masked.
    virtual void finetune(const ExpertMask& mask, std::int64_t tokens, std::uint64_t seed,
                          JobContext& job) = 0;
};

// Loads the module (on demand) or calls directly; defined in core/src/prune.
std::unique_ptr<PruneDemoBackend> makePruneDemoBackend(const PruneDemoSpec& spec, int heldOutTokens,
                                                       JobContext& job);

}  // namespace assay::core::prune
