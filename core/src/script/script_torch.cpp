// The LibTorch side of ScriptModule (script_backend.h), in the LibTorch module: torch::jit::load
// onto the device, forward in eval mode without autograd, the output converted to fp32 on the CPU.
// LibTorch's errors become InputErrors that name the file and say what LibTorch said, in one line.
#include <c10/core/GradMode.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/version.h>

#include <cstring>
#include <sstream>

#include "assay/core/error.h"
#include "script_backend.h"

namespace assay::core {
namespace {

std::string libtorchVersion() {
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
           std::to_string(TORCH_VERSION_PATCH);
}

// LibTorch's messages run over many lines (a TorchScript traceback, then "RuntimeError: ...",
// then a C++ backtrace): keep the line that says what went wrong.
std::string oneLine(const std::string& message) {
    std::istringstream in(message);
    std::string line, first, reason;
    while (std::getline(in, line)) {
        const auto b = line.find_first_not_of(" \t");
        if (b == std::string::npos) continue;
        line = line.substr(b);
        if (first.empty()) first = line;
        if (reason.empty() && line.rfind("RuntimeError: ", 0) == 0) reason = line.substr(14);
        if (line.rfind("Exception raised from", 0) == 0) break;
    }
    std::string out = reason.empty() ? first : reason;
    // caffe2's enforce prefix ("[enforce fail at inline_container.cc:165] . ") says nothing.
    if (out.rfind("[enforce fail at ", 0) == 0) {
        const auto end = out.find("] ");
        if (end != std::string::npos) out = out.substr(end + 2);
        if (out.rfind(". ", 0) == 0) out = out.substr(2);
    }
    return out;
}

std::string what(const std::exception& e) {
    if (const auto* c = dynamic_cast<const c10::Error*>(&e))
        return oneLine(c->what_without_backtrace());
    return oneLine(e.what());
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

at::Tensor toTensor(const FloatTensor& t) {
    return at::from_blob(const_cast<float*>(t.data.data()), t.shape, at::kFloat).clone();
}

class TorchScriptBackend final : public ScriptModule::Backend {
public:
    TorchScriptBackend(torch::jit::Module module, at::Device device, std::string label)
        : m_module(std::move(module)), m_device(device), m_label(std::move(label)) {}

    FloatTensor forward(const FloatTensor& input) const override {
        c10::AutoGradMode noGrad(false);
        c10::IValue out;
        try {
            out = m_module.forward({toTensor(input).to(m_device)});
        } catch (const std::exception& e) {
            throw InputError(m_label + ": forward on input " + shapeText(input.shape) +
                             " failed: " + what(e));
        }
        if (!out.isTensor())
            throw InputError(m_label + ": forward returned a " + std::string(out.tagKind()) +
                             ", expected a float tensor");
        at::Tensor t = out.toTensor();
        if (!at::isFloatingType(t.scalar_type()))
            throw InputError(m_label + ": forward returned a " +
                             std::string(c10::toString(t.scalar_type())) +
                             " tensor, expected a float tensor");
        t = t.to(at::kCPU, at::kFloat).contiguous();
        FloatTensor result;
        result.shape.assign(t.sizes().begin(), t.sizes().end());
        result.data.resize(static_cast<std::size_t>(t.numel()));
        if (t.numel() > 0)
            std::memcpy(result.data.data(), t.data_ptr<float>(),
                        result.data.size() * sizeof(float));
        return result;
    }

private:
    mutable torch::jit::Module m_module;  // forward is not const in LibTorch; it changes nothing
    at::Device m_device;
    std::string m_label;
};

}  // namespace
}  // namespace assay::core

extern "C" __attribute__((visibility("default"))) assay::core::ScriptModule::Backend*
assay_torch_load_script(const std::filesystem::path& path, bool cuda) {
    using namespace assay::core;
    const std::string label = path.filename().string();
    const at::Device device = cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    torch::jit::Module module;
    try {
        module = torch::jit::load(path.string(), device);
    } catch (const std::exception& e) {
        throw InputError(label + ": cannot be loaded by this LibTorch (" + libtorchVersion() +
                         "): " + what(e));
    }
    try {
        module.eval();
    } catch (const std::exception& e) {
        throw InputError(label + ": cannot be set to eval mode: " + what(e));
    }
    return new TorchScriptBackend(std::move(module), device, label);
}

extern "C" __attribute__((visibility("default"))) void assay_torch_save_script(
    const std::filesystem::path& path, const std::string& source,
    const std::vector<assay::core::ScriptParameter>& parameters) {
    using namespace assay::core;
    try {
        torch::jit::Module module("AssayTestModule");
        // As a Python nn.Module has it (saved true), so that load's eval() has something to set.
        if (!module.hasattr("training"))
            module.register_attribute("training", c10::BoolType::get(), true);
        for (const ScriptParameter& p : parameters)
            module.register_parameter(p.name, toTensor(p.value), p.buffer);
        module.define(source);
        module.save(path.string());
    } catch (const std::exception& e) {
        throw Error(path.filename().string() + ": cannot build the test module: " + what(e));
    }
}
