// Output links and the names of the explain enums (model.h, explanation.h).
#include <algorithm>
#include <cmath>

#include "assay/core/error.h"
#include "assay/explain/explanation.h"
#include "model_internal.h"

namespace assay::core::explain {

const char* outputLinkName(OutputLink link) {
    switch (link) {
        case OutputLink::Identity:
            return "identity";
        case OutputLink::Sigmoid:
            return "sigmoid";
        case OutputLink::Softmax:
            return "softmax";
    }
    return "identity";
}

OutputLink outputLinkFromName(const std::string& name) {
    for (OutputLink l : {OutputLink::Identity, OutputLink::Sigmoid, OutputLink::Softmax})
        if (name == outputLinkName(l)) return l;
    throw ParameterError("output", "'" + name + "', expected identity, sigmoid or softmax");
}

const char* methodName(Method m) {
    switch (m) {
        case Method::Exact:
            return "exact";
        case Method::KernelShap:
            return "kernelshap";
        case Method::Lime:
            return "lime";
    }
    return "exact";
}

Method methodFromName(const std::string& name) {
    for (Method m : {Method::Exact, Method::KernelShap, Method::Lime})
        if (name == methodName(m)) return m;
    throw ParameterError("method", "'" + name + "', expected exact, kernelshap or lime");
}

namespace detail {

void applyLink(OutputLink link, double* out, std::int64_t n, int C) {
    if (link == OutputLink::Identity) return;
    if (link == OutputLink::Sigmoid) {
        // The two branches keep exp() from overflowing for large |v|.
        for (std::int64_t i = 0; i < n * C; ++i) {
            const double v = out[i];
            out[i] = v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
        }
        return;
    }
    for (std::int64_t r = 0; r < n; ++r) {
        double* row = out + r * C;
        const double top = *std::max_element(row, row + C);
        double sum = 0;
        for (int c = 0; c < C; ++c) sum += row[c] = std::exp(row[c] - top);
        for (int c = 0; c < C; ++c) row[c] /= sum;
    }
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

void checkEvaluateArgs(const char* kind, const double* rows, std::int64_t n, const double* out) {
    if (n < 0)
        throw ParameterError(std::string(kind) + " rows", std::to_string(n) + " is negative");
    if (n > 0 && (rows == nullptr || out == nullptr))
        throw ParameterError(std::string(kind) + " rows",
                             "no buffer for " + std::to_string(n) + " rows");
}

}  // namespace detail
}  // namespace assay::core::explain
