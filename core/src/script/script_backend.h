#pragma once
// Internal to core: the LibTorch side of ScriptModule (core/script_module.h). Implemented in the
// LibTorch module (script_torch.cpp), entry points (plain C names for dlsym, C++ types and
// exceptions pass through them, see core/src/torch/torch_entry.cpp):
//   ScriptModule::Backend* assay_torch_load_script(const std::filesystem::path&, bool cuda)
//   void assay_torch_save_script(const std::filesystem::path&, const std::string& source,
//                                const std::vector<ScriptParameter>&)
// The second is for tests: it builds a torch::jit::Module from TorchScript source and tensors
// and saves it, so tests need no Python.
#include <filesystem>
#include <string>
#include <vector>

#include "assay/core/script_module.h"

namespace assay::core {

class ScriptModule::Backend {
public:
    virtual ~Backend() = default;
    virtual FloatTensor forward(const FloatTensor& input) const = 0;
};

// A parameter (or buffer) of a module built for tests: registered under `name`, fp32.
struct ScriptParameter {
    std::string name;
    FloatTensor value;
    bool buffer = false;
};

namespace detail {

// For tests: saves a module whose methods are `source` (TorchScript, e.g.
// "def forward(self, x):\n    return x * self.scale\n") with the given parameters.
// Throws Error with LibTorch's message if the source does not compile.
void saveScriptModule(const std::filesystem::path& path, const std::string& source,
                      const std::vector<ScriptParameter>& parameters);

}  // namespace detail
}  // namespace assay::core
