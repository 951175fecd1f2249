#pragma once
// Shared by the LIME tests: a linear model written here (so the tests do not lean on the model
// kinds of model.h), the reference script runner, and text I/O for the reference cases.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "assay/explain/model.h"

namespace assay::core::explain::test {

// f(x) = W x + b, C × D.
class LinearTestModel : public Model {
public:
    LinearTestModel(std::vector<double> W, std::vector<double> b, int C, int D)
        : m_W(std::move(W)), m_b(std::move(b)), m_C(C), m_D(D) {}
    int inputs() const override { return m_D; }
    int outputs() const override { return m_C; }
    void evaluate(const double* rows, std::int64_t n, double* out) const override {
        for (std::int64_t i = 0; i < n; ++i)
            for (int c = 0; c < m_C; ++c) {
                double v = m_b[c];
                for (int d = 0; d < m_D; ++d) v += m_W[c * m_D + d] * rows[i * m_D + d];
                out[i * m_C + c] = v;
            }
    }
    std::string describe() const override { return "test linear"; }

private:
    std::vector<double> m_W, m_b;
    int m_C, m_D;
};

inline bool havePythonModule(const char* module) {
    const std::string cmd =
        std::string("/usr/bin/python3 -c 'import ") + module + "' >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

// Runs tests/core/explain/lime_reference.py with the given arguments; true on success.
inline bool runReference(const std::string& args) {
    const std::string cmd =
        "/usr/bin/python3 '" ASSAY_SOURCE_DIR "/tests/core/explain/lime_reference.py' " + args;
    return std::system(cmd.c_str()) == 0;
}

inline std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace assay::core::explain::test
