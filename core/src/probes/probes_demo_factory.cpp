// makeProbesDemoNet: the network lives in the LibTorch module when LibTorch is loaded on demand
// (found with detail::torchSymbol, as core/src/tokens/windows_demo_factory.cpp does), and is
// linked into assay_core otherwise (CUDA builds), where its entry is called directly.
#include "probes_demo_net.h"

#if ASSAY_TORCH_ON_DEMAND
#include "../torch/torch_module.h"
#endif

namespace assay::core::probes::demo {
using MakeProbesNet = ProbesDemoNet* (*)(const ProbesNetTraining&, JobContext&);
}

#if !ASSAY_TORCH_ON_DEMAND
extern "C" assay::core::probes::demo::ProbesDemoNet* assay_torch_make_probes_net(
    const assay::core::probes::demo::ProbesNetTraining& training, assay::core::JobContext& job);
#endif

namespace assay::core::probes::demo {

std::unique_ptr<ProbesDemoNet> makeProbesDemoNet(const ProbesNetTraining& training,
                                                 JobContext& job) {
#if ASSAY_TORCH_ON_DEMAND
    const auto entry =
        reinterpret_cast<MakeProbesNet>(detail::torchSymbol("assay_torch_make_probes_net"));
#else
    const MakeProbesNet entry = &assay_torch_make_probes_net;
#endif
    return std::unique_ptr<ProbesDemoNet>(entry(training, job));
}

}  // namespace assay::core::probes::demo
