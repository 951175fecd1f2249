// TorchScript models (model.h) through core/script_module.h: rows go to the module in fp32 as one
// [n, D] forward per evaluate() call, on the process device.
#include <mutex>

#include "assay/core/error.h"
#include "assay/core/script_module.h"
#include "model_internal.h"

namespace assay::core::explain {
namespace {

// C from the output shape of an n-row forward: [n] → 1, [n, C] → C, else 0.
int outputsOf(const FloatTensor& y, std::int64_t n) {
    if (y.shape.size() == 1 && y.shape[0] == n) return 1;
    if (y.shape.size() == 2 && y.shape[0] == n && y.shape[1] >= 1)
        return static_cast<int>(y.shape[1]);
    return 0;
}

class ScriptModel final : public Model {
public:
    ScriptModel(ScriptModule module, int D, int C) : m_module(std::move(module)), m_D(D), m_C(C) {}
    int inputs() const override { return m_D; }
    int outputs() const override { return m_C; }
    void evaluate(const double* rows, std::int64_t n, double* out) const override {
        detail::checkEvaluateArgs("torchscript model", rows, n, out);
        if (n == 0) return;
        FloatTensor x;
        x.shape = {n, m_D};
        x.data.assign(rows, rows + n * m_D);
        FloatTensor y;
        {
            // One device, one module: forwards from several threads take turns.
            std::lock_guard<std::mutex> lock(m_mutex);
            y = m_module.forward(x);
        }
        if (outputsOf(y, n) != m_C)
            throw InputError(m_module.path().filename().string(), "output",
                             "the model maps " + detail::shapeText(x.shape) + " to " +
                                 detail::shapeText(y.shape) + ", expected [" + std::to_string(n) +
                                 (m_C == 1 ? "]" : ", " + std::to_string(m_C) + "]"));
        for (std::int64_t i = 0; i < n * m_C; ++i) out[i] = y.data[static_cast<std::size_t>(i)];
    }
    std::string describe() const override {
        return "torchscript " + m_module.path().filename().string() + " [B," + std::to_string(m_D) +
               "]→" + (m_C == 1 ? "[B]" : "[B," + std::to_string(m_C) + "]");
    }

private:
    ScriptModule m_module;
    int m_D, m_C;
    mutable std::mutex m_mutex;
};

}  // namespace

std::unique_ptr<Model> loadScriptModel(const std::filesystem::path& path, int inputs) {
    const std::string file = path.filename().string();
    if (inputs < 1)
        throw ParameterError("inputs", std::to_string(inputs) + " features, expected ≥ 1");
    ScriptModule module = ScriptModule::load(path);
    FloatTensor probe;
    probe.shape = {1, inputs};
    probe.data.assign(static_cast<std::size_t>(inputs), 0.0f);
    const std::string expected = "expected [1] or [1, C]";
    FloatTensor y;
    try {
        y = module.forward(probe);
    } catch (const InputError& e) {
        throw InputError(file, "",
                         "the model fails on [1, " + std::to_string(inputs) + "] (" + expected +
                             "): " + e.what());
    }
    const int C = outputsOf(y, 1);
    if (C == 0)
        throw InputError(file, "",
                         "the model maps [1, " + std::to_string(inputs) + "] to " +
                             detail::shapeText(y.shape) + ", " + expected);
    return std::make_unique<ScriptModel>(std::move(module), inputs, C);
}

}  // namespace assay::core::explain
