// C++ function models (model.h) and evaluateRows, the batch loop every explainer uses.
#include <algorithm>

#include "assay/core/error.h"
#include "model_internal.h"

namespace assay::core::explain {
namespace {

class FunctionModel final : public Model {
public:
    FunctionModel(int D, int C, ModelFunction f, std::string name)
        : m_D(D), m_C(C), m_f(std::move(f)), m_name(std::move(name)) {}
    int inputs() const override { return m_D; }
    int outputs() const override { return m_C; }
    void evaluate(const double* rows, std::int64_t n, double* out) const override {
        detail::checkEvaluateArgs("function model", rows, n, out);
        if (n > 0) m_f(rows, n, out);
    }
    std::string describe() const override {
        return "function " + m_name + " [B," + std::to_string(m_D) + "]→[B," + std::to_string(m_C) +
               "]";
    }

private:
    int m_D, m_C;
    ModelFunction m_f;
    std::string m_name;
};

}  // namespace

std::unique_ptr<Model> functionModel(int inputs, int outputs, ModelFunction f, std::string name) {
    if (inputs < 1 || outputs < 1)
        throw ParameterError("function model", std::to_string(inputs) + " inputs, " +
                                                   std::to_string(outputs) +
                                                   " outputs, expected ≥ 1 each");
    if (!f) throw ParameterError("function model", "no function given");
    return std::make_unique<FunctionModel>(inputs, outputs, std::move(f), std::move(name));
}

void evaluateRows(const Model& model, const double* rows, std::int64_t n,
                  std::vector<double>& out) {
    const int D = model.inputs(), C = model.outputs();
    out.assign(static_cast<std::size_t>(std::max<std::int64_t>(n, 0) * C), 0.0);
    const std::int64_t batch = std::max<std::int64_t>(1, model.preferredBatch());
    for (std::int64_t r0 = 0; r0 < n; r0 += batch) {
        const std::int64_t m = std::min(batch, n - r0);
        model.evaluate(rows + r0 * D, m, out.data() + r0 * C);
    }
}

}  // namespace assay::core::explain
