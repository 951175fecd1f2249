#pragma once
// A TorchScript module run by core (LibTorch, in the on-demand module), for the Token windows
// view's vision encoders ([1, 3, S, S] → [1, N, D]) and the Inversion view's models ([B, D] → [B]
// or [B, C]). The public API has no LibTorch types: inputs and outputs are float arrays with
// shapes. Runs on the current device (runtime.h: CUDA when there is one), in eval mode, no grad. A
// module that this LibTorch cannot read (e.g. saved by a newer PyTorch: "modules saved by PyTorch
// 2.x often fail in 1.13") gives InputError "<file>: cannot be loaded by this LibTorch (<version>):
// <LibTorch's first message line>". A forward that throws gives InputError with the input shape.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace assay::core {

struct FloatTensor {
    std::vector<std::int64_t> shape;
    std::vector<float> data;  // C order
    std::int64_t numel() const;
};

class ScriptModule {
public:
    static ScriptModule load(const std::filesystem::path& path);
    ScriptModule(ScriptModule&&) noexcept;
    ScriptModule& operator=(ScriptModule&&) noexcept;
    ~ScriptModule();

    const std::filesystem::path& path() const;
    // forward(input); the output must be a float tensor (any float dtype; converted), else
    // InputError naming what it was (a tuple, an int tensor …).
    FloatTensor forward(const FloatTensor& input) const;

    class Backend;  // core/src/script: implemented in the LibTorch module

private:
    explicit ScriptModule(std::unique_ptr<Backend> backend, std::filesystem::path path);
    std::unique_ptr<Backend> m_backend;
    std::filesystem::path m_path;
};

}  // namespace assay::core
