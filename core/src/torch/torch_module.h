#pragma once
// Internal to core: LibTorch on demand (see core/CMakeLists.txt). The module libassay_torch.so
// holds every call into LibTorch of a CPU-only build; it is loaded on the first call that needs
// it, so commands that never touch LibTorch never load its ~290 libraries.
#include <string>

namespace assay::core::detail {

// Loads the module once (RTLD_NOW | RTLD_LOCAL), sets LibTorch's thread count to
// computeThreads(), and returns the named entry point. Throws Error naming the paths tried and
// the loader's reason when it cannot.
void* torchSymbol(const char* name);

// Whether the module has been loaded in this process (for tests and the start-up measurements).
bool torchLoaded();

}  // namespace assay::core::detail
