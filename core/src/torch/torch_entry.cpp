// The entry points of libassay_torch.so (LibTorch on demand, see core/CMakeLists.txt). Plain C
// names so that core finds them with dlsym; C++ types and exceptions pass through them (one
// compiler, one libstdc++; exceptions are caught by type name across the module boundary).
#include <ATen/Parallel.h>

#include "assay/demo/moe_demo.h"

extern "C" {

// Called once when the module is loaded: LibTorch gets the thread count core chose.
__attribute__((visibility("default"))) void assay_torch_init(int threads) {
    at::set_num_threads(threads);
}

__attribute__((visibility("default"))) void assay_torch_make_moe_demo(
    const assay::core::moe::MoeDemoSpec& spec, assay::core::JobContext& job,
    assay::core::moe::MoeDemo& out) {
    out = assay::core::moe::makeMoeDemo(spec, job);
}

}  // extern "C"
