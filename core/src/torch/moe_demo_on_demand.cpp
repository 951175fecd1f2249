// makeMoeDemo when LibTorch is loaded on demand: the training runs in libassay_torch.so
// (src/demo/moe_demo.cpp compiled there, entry point in torch_entry.cpp).
#include "assay/demo/moe_demo.h"
#include "torch_module.h"

namespace assay::core::moe {

MoeDemo makeMoeDemo(const MoeDemoSpec& spec, JobContext& job) {
    using Entry = void (*)(const MoeDemoSpec&, JobContext&, MoeDemo&);
    auto entry = reinterpret_cast<Entry>(detail::torchSymbol("assay_torch_make_moe_demo"));
    MoeDemo demo;
    entry(spec, job, demo);
    return demo;
}

}  // namespace assay::core::moe
