// makeWindowsDemoEncoder: the encoder lives in the LibTorch module when LibTorch is loaded on
// demand (found with detail::torchSymbol, as core/src/prune/prune_demo_factory.cpp does), and is
// linked into assay_core otherwise (CUDA builds), where its entry is called directly.
#include "windows_demo_encoder.h"

#if ASSAY_TORCH_ON_DEMAND
#include "../torch/torch_module.h"
#endif

namespace assay::core::tokens {
using MakeWindowsEncoder = WindowsDemoEncoder* (*)(const WindowsEncoderTraining&, JobContext&);
}

#if !ASSAY_TORCH_ON_DEMAND
extern "C" assay::core::tokens::WindowsDemoEncoder* assay_torch_make_windows_encoder(
    const assay::core::tokens::WindowsEncoderTraining& training, assay::core::JobContext& job);
#endif

namespace assay::core::tokens {

std::unique_ptr<WindowsDemoEncoder> makeWindowsDemoEncoder(const WindowsEncoderTraining& training,
                                                           JobContext& job) {
#if ASSAY_TORCH_ON_DEMAND
    const auto entry = reinterpret_cast<MakeWindowsEncoder>(
        detail::torchSymbol("assay_torch_make_windows_encoder"));
#else
    const MakeWindowsEncoder entry = &assay_torch_make_windows_encoder;
#endif
    return std::unique_ptr<WindowsDemoEncoder>(entry(training, job));
}

}  // namespace assay::core::tokens
