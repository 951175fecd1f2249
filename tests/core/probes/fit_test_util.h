#pragma once
// Shared pieces of the fit tests: row-major float data as a RowView (no reader needed), seeded
// Gaussian classes, and the independent reference — sklearn's objective and a dense Newton solve
// in plain double loops (Gaussian elimination on the (d+1)×(d+1) Hessian), for small d.
#include <cmath>
#include <cstdint>
#include <vector>

#include "assay/core/random.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes::test {

struct Data {
    std::int64_t n = 0, d = 0;
    std::vector<float> x;  // n × d row-major
    std::vector<std::uint8_t> labels;
    double at(std::int64_t i, std::int64_t j) const { return x[std::size_t(i * d + j)]; }
};

// A view of rows `first..first+count` of a row-major buffer of `elementSize`-byte elements.
inline RowView viewOf(const void* data, io::DType dtype, std::int64_t n, std::int64_t d,
                      std::size_t elementSize) {
    RowView v;
    v.dtype = dtype;
    v.cols = d;
    for (std::int64_t i = 0; i < n; ++i)
        v.rows.push_back(static_cast<const unsigned char*>(data) +
                         std::size_t(i * d) * elementSize);
    return v;
}
inline RowView viewOf(const Data& data) {
    return viewOf(data.x.data(), io::DType::F32, data.n, data.d, sizeof(float));
}

// Two Gaussian classes N(±shift/2 · u, I) in d dims along a fixed unit direction u (the first
// axis mixed with the others so no coordinate is special), label 1 with probability `positive`.
inline Data gaussianClasses(std::int64_t n, std::int64_t d, double shift, std::uint64_t seed,
                            double positive = 0.5) {
    SplitMix64 rng(seed);
    std::vector<double> u(static_cast<std::size_t>(d));
    double norm = 0;
    for (std::int64_t j = 0; j < d; ++j) {
        u[std::size_t(j)] = 1.0 + 0.5 * std::cos(double(j));
        norm += u[std::size_t(j)] * u[std::size_t(j)];
    }
    for (double& v : u) v /= std::sqrt(norm);
    Data data;
    data.n = n;
    data.d = d;
    data.x.resize(std::size_t(n * d));
    data.labels.resize(std::size_t(n));
    for (std::int64_t i = 0; i < n; ++i) {
        const bool pos = rng.uniform() < positive;
        data.labels[std::size_t(i)] = pos ? 1 : 0;
        const double m = pos ? shift / 2 : -shift / 2;
        for (std::int64_t j = 0; j < d; ++j)
            data.x[std::size_t(i * d + j)] =
                static_cast<float>(rng.normal() + m * u[std::size_t(j)]);
    }
    return data;
}

inline std::vector<double> referenceWeights(const std::vector<std::uint8_t>& y, bool balanced) {
    double pos = 0;
    for (std::uint8_t v : y) pos += v;
    const double n = double(y.size());
    std::vector<double> s(y.size(), 1.0);
    if (balanced)
        for (std::size_t i = 0; i < y.size(); ++i)
            s[i] = y[i] ? n / (2 * pos) : n / (2 * (n - pos));
    return s;
}

// Σ s_i logloss + ½‖w‖²/C in plain loops (log1p(exp) written out the obvious way).
inline double referenceObjective(const Data& data, const std::vector<double>& w, double b, double C,
                                 bool balanced) {
    const std::vector<double> s = referenceWeights(data.labels, balanced);
    double f = 0;
    for (std::int64_t i = 0; i < data.n; ++i) {
        double z = b;
        for (std::int64_t j = 0; j < data.d; ++j) z += w[std::size_t(j)] * data.at(i, j);
        const double y = data.labels[std::size_t(i)];
        f += s[std::size_t(i)] * (std::log(1 + std::exp(-std::abs(z))) + std::max(z, 0.0) - y * z);
    }
    for (double v : w) f += 0.5 * v * v / C;
    return f;
}

struct Reference {
    std::vector<double> w;
    double b = 0;
};

// Newton's method on sklearn's objective: H = Xᵀ S D X + I/C (no penalty on b), until the step
// is below 1e-13. Dense (d+1)² Hessian, solved by Gaussian elimination with partial pivoting.
inline Reference newtonReference(const Data& data, double C, bool balanced) {
    const std::int64_t n = data.n, d = data.d, m = d + 1;
    const std::vector<double> s = referenceWeights(data.labels, balanced);
    std::vector<double> beta(std::size_t(m), 0.0);  // w then b
    for (int iter = 0; iter < 100; ++iter) {
        std::vector<double> g(std::size_t(m), 0.0), H(std::size_t(m * m), 0.0);
        for (std::int64_t i = 0; i < n; ++i) {
            std::vector<double> xi(std::size_t(m), 1.0);
            for (std::int64_t j = 0; j < d; ++j) xi[std::size_t(j)] = data.at(i, j);
            double z = 0;
            for (std::int64_t j = 0; j < m; ++j) z += beta[std::size_t(j)] * xi[std::size_t(j)];
            const double p = 1 / (1 + std::exp(-z));
            const double r = s[std::size_t(i)] * (p - data.labels[std::size_t(i)]);
            const double q = s[std::size_t(i)] * p * (1 - p);
            for (std::int64_t a = 0; a < m; ++a) {
                g[std::size_t(a)] += r * xi[std::size_t(a)];
                for (std::int64_t c = 0; c < m; ++c)
                    H[std::size_t(a * m + c)] += q * xi[std::size_t(a)] * xi[std::size_t(c)];
            }
        }
        for (std::int64_t j = 0; j < d; ++j) {
            g[std::size_t(j)] += beta[std::size_t(j)] / C;
            H[std::size_t(j * m + j)] += 1 / C;
        }
        // Solve H step = g.
        std::vector<double> step = g;
        for (std::int64_t k = 0; k < m; ++k) {
            std::int64_t piv = k;
            for (std::int64_t r = k + 1; r < m; ++r)
                if (std::abs(H[std::size_t(r * m + k)]) > std::abs(H[std::size_t(piv * m + k)]))
                    piv = r;
            for (std::int64_t c = 0; c < m; ++c)
                std::swap(H[std::size_t(k * m + c)], H[std::size_t(piv * m + c)]);
            std::swap(step[std::size_t(k)], step[std::size_t(piv)]);
            for (std::int64_t r = k + 1; r < m; ++r) {
                const double f = H[std::size_t(r * m + k)] / H[std::size_t(k * m + k)];
                for (std::int64_t c = k; c < m; ++c)
                    H[std::size_t(r * m + c)] -= f * H[std::size_t(k * m + c)];
                step[std::size_t(r)] -= f * step[std::size_t(k)];
            }
        }
        for (std::int64_t k = m; k-- > 0;) {
            for (std::int64_t c = k + 1; c < m; ++c)
                step[std::size_t(k)] -= H[std::size_t(k * m + c)] * step[std::size_t(c)];
            step[std::size_t(k)] /= H[std::size_t(k * m + k)];
        }
        double size = 0;
        for (std::int64_t j = 0; j < m; ++j) {
            beta[std::size_t(j)] -= step[std::size_t(j)];
            size = std::max(size, std::abs(step[std::size_t(j)]));
        }
        if (size < 1e-13) break;
    }
    Reference ref;
    ref.b = beta[std::size_t(d)];
    beta.resize(std::size_t(d));
    ref.w = beta;
    return ref;
}

}  // namespace assay::core::probes::test
