#pragma once
// The result every explainer returns (exact Shapley, KernelSHAP, LIME), for one explained row and
// for many. Attributions are per interpretable feature (tabular: a column; image: a superpixel;
// text: a word position) and per explained output. What `assay-run explain` writes.
#include <cstdint>
#include <string>
#include <vector>

namespace assay::core::explain {

enum class Method { Exact, KernelShap, Lime };
const char* methodName(Method m);                // "exact", "kernelshap", "lime"
Method methodFromName(const std::string& name);  // ParameterError otherwise

struct Explanation {
    int features = 0;                   // M
    std::vector<int> labels;            // the explained outputs (indices into the model's C)
    std::vector<double> attributions;   // [M, labels.size()]
    std::vector<double> expectedValue;  // [labels]: SHAP E[f]; LIME: the surrogate's intercept
    std::vector<double> fx;             // [labels]: f(x)
    std::vector<double> intercept;      // LIME only: [labels]
    std::vector<double> localR2;        // LIME only: [labels], weighted R² of the surrogate
    std::int64_t modelRows = 0;         // rows the model was run on (for the benchmarks)
    double attribution(int feature, int label) const {
        return attributions[static_cast<std::size_t>(feature) * labels.size() + label];
    }
};

// Many rows of one table, as `assay-run explain` writes them.
struct Explanations {
    Method method = Method::KernelShap;
    std::int64_t rowBegin = 0;  // the first explained row of the data (--rows a:b)
    std::int64_t rows = 0;
    int features = 0;
    std::vector<int> labels;
    std::vector<std::string> featureNames;  // M (empty when the data had none)
    std::vector<double> attributions;       // [rows, M, labels]
    std::vector<double> expectedValue;      // [labels] (SHAP); LIME: empty
    std::vector<double> fx;                 // [rows, labels]
    std::vector<double> intercept;          // LIME: [rows, labels]
    std::vector<double> localR2;            // LIME: [rows, labels]
    std::int64_t modelRows = 0;
};

}  // namespace assay::core::explain
