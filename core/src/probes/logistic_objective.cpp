#include "logistic_objective.h"

#include <algorithm>
#include <cmath>

#include "assay/core/parallel.h"
#include "row_kernels.h"

namespace assay::core::probes::detail {
namespace {

// Enough slots to keep 16 workers busy with uneven chunks, few enough that zeroing and merging
// 64 × (d + 1) partials stays far below one pass over the rows.
constexpr std::int64_t kSlots = 64;

std::int64_t slotBegin(std::int64_t slot, std::int64_t n, std::int64_t slots) {
    const std::int64_t q = n / slots, r = n % slots;
    return slot * q + std::min(slot, r);
}

}  // namespace

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

double sigmoid(double z) {
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

std::vector<double> sampleWeights(const std::vector<std::uint8_t>& labels, bool balanced) {
    std::vector<double> w(labels.size(), 1.0);
    if (!balanced) return w;
    std::int64_t pos = 0;
    for (std::uint8_t y : labels) pos += y != 0;
    const double n = static_cast<double>(labels.size());
    const double wPos = n / (2.0 * static_cast<double>(pos));
    const double wNeg = n / (2.0 * static_cast<double>(labels.size() - pos));
    for (std::size_t i = 0; i < labels.size(); ++i) w[i] = labels[i] != 0 ? wPos : wNeg;
    return w;
}

LogisticObjective::LogisticObjective(const RowView& X, const std::vector<std::uint8_t>& labels,
                                     std::vector<double> sampleWeight, double C, int threads)
    : m_X(X),
      m_labels(labels),
      m_weight(std::move(sampleWeight)),
      m_C(C),
      m_threads(threads),
      m_slots(
          static_cast<int>(std::min<std::int64_t>(kSlots, std::max<std::int64_t>(1, X.size())))),
      m_partial(static_cast<std::size_t>(m_slots * (X.cols + 1))),
      m_loss(static_cast<std::size_t>(m_slots)),
      m_buffers(static_cast<std::size_t>(std::max(1, parallelWorkers(m_slots, threads)))) {}

double LogisticObjective::operator()(const std::vector<double>& x, std::vector<double>& g) {
    const std::int64_t n = m_X.size(), cols = m_X.cols, stride = cols + 1;
    const double* w = x.data();
    const double b = x[static_cast<std::size_t>(cols)];
    parallelFor(0, m_slots, m_threads, [&](int worker, std::int64_t s0, std::int64_t s1) {
        std::vector<float>& buffer = m_buffers[static_cast<std::size_t>(worker)];
        const float* ptrs[kBlockRows];
        double z[kBlockRows], coef[kBlockRows];
        for (std::int64_t s = s0; s < s1; ++s) {
            double* gs = m_partial.data() + s * stride;
            std::fill(gs, gs + stride, 0.0);
            double loss = 0, gb = 0;
            const std::int64_t end = slotBegin(s + 1, n, m_slots);
            for (std::int64_t i = slotBegin(s, n, m_slots); i < end; i += kBlockRows) {
                const int count = static_cast<int>(std::min<std::int64_t>(kBlockRows, end - i));
                loadBlock(m_X, i, count, buffer, ptrs);
                blockDots(ptrs, count, cols, w, z);
                for (int r = 0; r < count; ++r) {
                    const std::size_t row = static_cast<std::size_t>(i + r);
                    const double zi = z[r] + b, y = m_labels[row] != 0 ? 1.0 : 0.0;
                    loss += m_weight[row] * (softplus(zi) - y * zi);
                    coef[r] = m_weight[row] * (sigmoid(zi) - y);
                    gb += coef[r];
                }
                blockAccumulate(ptrs, coef, count, cols, gs);
            }
            gs[cols] = gb;
            m_loss[static_cast<std::size_t>(s)] = loss;
        }
    });
    g.assign(static_cast<std::size_t>(stride), 0.0);
    double f = 0;
    for (int s = 0; s < m_slots; ++s) {
        const double* gs = m_partial.data() + s * stride;
        for (std::int64_t j = 0; j < stride; ++j) g[static_cast<std::size_t>(j)] += gs[j];
        f += m_loss[static_cast<std::size_t>(s)];
    }
    double norm2 = 0;
    for (std::int64_t j = 0; j < cols; ++j) {
        norm2 += w[j] * w[j];
        g[static_cast<std::size_t>(j)] += w[j] / m_C;
    }
    return f + 0.5 * norm2 / m_C;
}

double LogisticObjective::weightSum() const {
    double s = 0;
    for (double w : m_weight) s += w;
    return s;
}

void LogisticObjective::columnMoments(std::vector<double>& mean, std::vector<double>& variance) {
    const std::int64_t n = m_X.size(), cols = m_X.cols, stride = 2 * cols;
    std::vector<double> partial(static_cast<std::size_t>(m_slots * stride));
    parallelFor(0, m_slots, m_threads, [&](int worker, std::int64_t s0, std::int64_t s1) {
        std::vector<float>& buffer = m_buffers[static_cast<std::size_t>(worker)];
        const float* ptrs[kBlockRows];
        double coef[kBlockRows];
        for (std::int64_t s = s0; s < s1; ++s) {
            double* sum = partial.data() + s * stride;
            double* sq = sum + cols;
            const std::int64_t end = slotBegin(s + 1, n, m_slots);
            for (std::int64_t i = slotBegin(s, n, m_slots); i < end; i += kBlockRows) {
                const int count = static_cast<int>(std::min<std::int64_t>(kBlockRows, end - i));
                loadBlock(m_X, i, count, buffer, ptrs);
                for (int r = 0; r < count; ++r) coef[r] = m_weight[static_cast<std::size_t>(i + r)];
                blockAccumulate(ptrs, coef, count, cols, sum);
                for (int r = 0; r < count; ++r)
                    for (std::int64_t j = 0; j < cols; ++j) {
                        const double x = ptrs[r][j];
                        sq[j] += coef[r] * x * x;
                    }
            }
        }
    });
    const double total = weightSum();
    mean.assign(static_cast<std::size_t>(cols), 0.0);
    variance.assign(static_cast<std::size_t>(cols), 0.0);
    for (int s = 0; s < m_slots; ++s)
        for (std::int64_t j = 0; j < cols; ++j) {
            mean[static_cast<std::size_t>(j)] += partial[static_cast<std::size_t>(s * stride + j)];
            variance[static_cast<std::size_t>(j)] +=
                partial[static_cast<std::size_t>(s * stride + cols + j)];
        }
    for (std::int64_t j = 0; j < cols; ++j) {
        const std::size_t k = static_cast<std::size_t>(j);
        mean[k] /= total;
        variance[k] = std::max(0.0, variance[k] / total - mean[k] * mean[k]);
    }
}

}  // namespace assay::core::probes::detail
