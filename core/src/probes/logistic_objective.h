#pragma once
// sklearn's binary logistic objective over a RowView, evaluated in one pass:
//   f(w, b) = Σ_i s_i · (log(1 + e^{z_i}) − y_i z_i) + ½‖w‖² / C,   z_i = w·x_i + b,
//   ∇_w f = Σ_i s_i (σ(z_i) − y_i) x_i + w / C,   ∂_b f = Σ_i s_i (σ(z_i) − y_i).
// Each block of rows is converted to float once, its margins computed and its gradient
// contribution added while it is still in cache. Rows are cut into a fixed number of slots
// (independent of the thread count), each slot summed in row order into its own partial, and the
// partials added in slot order: the same numbers for any number of threads.
#include <cstdint>
#include <vector>

#include "assay/probes/probe_dataset.h"

namespace assay::core::probes::detail {

class LogisticObjective {
public:
    // labels: 0/1 per row; sampleWeight: s_i per row; threads ≥ 1.
    LogisticObjective(const RowView& X, const std::vector<std::uint8_t>& labels,
                      std::vector<double> sampleWeight, double C, int threads);

    // x = [w (cols), b]; writes ∇f to g (same size) and returns f.
    double operator()(const std::vector<double>& x, std::vector<double>& g);

    // Weighted column means and variances (Σ s_i x_ij / Σ s_i, and E[x²] − mean², clamped at 0)
    // in one pass, by the same fixed slots: for the solver's preconditioner.
    void columnMoments(std::vector<double>& mean, std::vector<double>& variance);
    double weightSum() const;

private:
    const RowView& m_X;
    const std::vector<std::uint8_t>& m_labels;
    std::vector<double> m_weight;
    double m_C;
    int m_threads;
    int m_slots;
    std::vector<double> m_partial;              // m_slots × (cols + 1): gradient of w, then of b
    std::vector<double> m_loss;                 // m_slots
    std::vector<std::vector<float>> m_buffers;  // one conversion buffer per worker
};

// s_i = 1, or n / (2 n_{y_i}) (sklearn's class_weight="balanced").
std::vector<double> sampleWeights(const std::vector<std::uint8_t>& labels, bool balanced);

// log(1 + e^z) without overflow, and σ(z) = 1 / (1 + e^{−z}) on both sides of 0.
double softplus(double z);
double sigmoid(double z);

}  // namespace assay::core::probes::detail
