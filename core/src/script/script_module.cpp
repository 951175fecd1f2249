// ScriptModule (core/script_module.h): the part in assay_core. It finds the LibTorch module's
// entry points (LibTorch on demand) or calls them directly (CUDA builds), and picks the device.
#include "assay/core/script_module.h"

#include <system_error>

#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "script_backend.h"

#if ASSAY_TORCH_ON_DEMAND
#include "../torch/torch_module.h"
#endif

namespace assay::core {
using LoadScript = ScriptModule::Backend* (*)(const std::filesystem::path&, bool);
using SaveScript = void (*)(const std::filesystem::path&, const std::string&,
                            const std::vector<ScriptParameter>&);
}  // namespace assay::core

#if !ASSAY_TORCH_ON_DEMAND
extern "C" assay::core::ScriptModule::Backend* assay_torch_load_script(
    const std::filesystem::path& path, bool cuda);
extern "C" void assay_torch_save_script(const std::filesystem::path& path,
                                        const std::string& source,
                                        const std::vector<assay::core::ScriptParameter>& params);
#endif

namespace assay::core {

std::int64_t FloatTensor::numel() const {
    std::int64_t n = 1;
    for (std::int64_t d : shape) n *= d;
    return n;
}

ScriptModule ScriptModule::load(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw InputError(path.filename().string(), "",
                         "cannot open: not a readable file (" + path.string() + ")");
#if ASSAY_TORCH_ON_DEMAND
    const auto entry = reinterpret_cast<LoadScript>(detail::torchSymbol("assay_torch_load_script"));
#else
    const LoadScript entry = &assay_torch_load_script;
#endif
    const bool cuda = currentDevice().kind == DeviceKind::Cuda;
    return ScriptModule(std::unique_ptr<Backend>(entry(path, cuda)), path);
}

ScriptModule::ScriptModule(std::unique_ptr<Backend> backend, std::filesystem::path path)
    : m_backend(std::move(backend)), m_path(std::move(path)) {}
ScriptModule::ScriptModule(ScriptModule&&) noexcept = default;
ScriptModule& ScriptModule::operator=(ScriptModule&&) noexcept = default;
ScriptModule::~ScriptModule() = default;

const std::filesystem::path& ScriptModule::path() const { return m_path; }

FloatTensor ScriptModule::forward(const FloatTensor& input) const {
    for (std::int64_t d : input.shape)
        if (d < 0) throw ParameterError("input", "negative dimension in the shape");
    if (input.shape.empty() || static_cast<std::size_t>(input.numel()) != input.data.size())
        throw ParameterError(
            "input", std::to_string(input.data.size()) + " floats do not fill the shape given");
    return m_backend->forward(input);
}

void detail::saveScriptModule(const std::filesystem::path& path, const std::string& source,
                              const std::vector<ScriptParameter>& parameters) {
#if ASSAY_TORCH_ON_DEMAND
    const auto entry = reinterpret_cast<SaveScript>(detail::torchSymbol("assay_torch_save_script"));
#else
    const SaveScript entry = &assay_torch_save_script;
#endif
    entry(path, source, parameters);
}

}  // namespace assay::core
