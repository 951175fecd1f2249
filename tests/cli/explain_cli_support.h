#pragma once
// What the `assay-run explain` / `inversion` tests share: .npy and CSV writers, reading a result's
// tensors and JSON, a scratch folder, and the brute-force references (a linear model with its
// link, and interventional Shapley values by enumerating every coalition in plain double).
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/io/tensor_file.h"
#include "tests/cli/cli_process.h"

namespace assay::test::explain {

namespace fs = std::filesystem;

inline fs::path scratch(const std::string& name) {
    const fs::path d = scratchPath("assay_explain_cli", name);
    fs::create_directories(d);
    return d;
}

// Little-endian float64 .npy, C order; shape as a Python tuple text "(30, 4)".
inline void writeNpy(const fs::path& p, const std::vector<double>& v, const std::string& shape) {
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::ofstream out(p, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const auto len = static_cast<std::uint16_t>(header.size());
    out.write(reinterpret_cast<const char*>(&len), 2);
    out << header;
    out.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * 8));
}

inline void writeText(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// A result file's tensors and its "assay" metadata.
inline std::vector<double> tensor(const fs::path& file, const std::string& name,
                                  std::vector<std::int64_t>* shape = nullptr) {
    const core::io::TensorFile tf = core::io::TensorFile::open(file);
    if (shape) *shape = tf.require(name).shape;
    return tf.toDoubles(name);
}
inline bool hasTensor(const fs::path& file, const std::string& name) {
    return core::io::TensorFile::open(file).find(name) != nullptr;
}
inline nlohmann::json resultJson(const fs::path& file) {
    return nlohmann::json::parse(core::io::TensorFile::open(file).metadata().at("assay"));
}

// out[c] of W x + b (W: C × D) through the link ("identity", "sigmoid", "softmax").
inline std::vector<double> linearOutput(const std::vector<double>& W, const std::vector<double>& b,
                                        int C, int D, const std::string& link, const double* x) {
    std::vector<double> s(static_cast<std::size_t>(C));
    for (int c = 0; c < C; ++c) {
        double v = b.empty() ? 0.0 : b[static_cast<std::size_t>(c)];
        for (int j = 0; j < D; ++j) v += W[static_cast<std::size_t>(c * D + j)] * x[j];
        s[static_cast<std::size_t>(c)] = v;
    }
    if (link == "sigmoid")
        for (double& v : s) v = 1 / (1 + std::exp(-v));
    if (link == "softmax") {
        double m = s[0], z = 0;
        for (double v : s) m = std::max(m, v);
        for (double& v : s) z += (v = std::exp(v - m));
        for (double& v : s) v /= z;
    }
    return s;
}

using RowFunction = std::function<std::vector<double>(const double* row)>;  // D → C

// φ [D, C] of row x over background rows (B × D, uniform weights), by the Shapley formula over
// all 2^D coalitions: v(S) = mean_b f(x_S, bg_b,~S).
inline std::vector<double> bruteShapley(const RowFunction& f, const std::vector<double>& x,
                                        const std::vector<double>& bg, int B, int D, int C) {
    const std::size_t K = std::size_t(1) << D;
    std::vector<double> v(K * C, 0.0), row(static_cast<std::size_t>(D));
    for (std::size_t S = 0; S < K; ++S)
        for (int b = 0; b < B; ++b) {
            for (int j = 0; j < D; ++j)
                row[j] = (S >> j & 1) ? x[j] : bg[static_cast<std::size_t>(b * D + j)];
            const std::vector<double> y = f(row.data());
            for (int c = 0; c < C; ++c) v[S * C + c] += y[c] / B;
        }
    std::vector<double> fact(static_cast<std::size_t>(D + 1), 1.0);
    for (int i = 1; i <= D; ++i) fact[i] = fact[i - 1] * i;
    std::vector<double> phi(static_cast<std::size_t>(D * C), 0.0);
    for (int j = 0; j < D; ++j)
        for (std::size_t S = 0; S < K; ++S) {
            if (S >> j & 1) continue;
            const int s = __builtin_popcountll(S);
            const double w = fact[s] * fact[D - s - 1] / fact[D];
            for (int c = 0; c < C; ++c)
                phi[j * C + c] += w * (v[(S | (std::size_t(1) << j)) * C + c] - v[S * C + c]);
        }
    return phi;
}

inline double maxAbsDiff(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

}  // namespace assay::test::explain
