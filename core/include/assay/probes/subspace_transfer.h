#pragma once
// ComnHallu-style transfer between two models (or datasets) with paired rows (papers.md §4,
// PROPOSAL there): centre, PCA bases of rank r on each side (fitted on the training rows of both
// classes), Z_s = (X_s − μ_s) P_s, Z_t = (X_t − μ_t) P_t; orthogonal Procrustes
// R = argmin_{RᵀR=I} ‖Z_s R − Z_t‖_F = U Vᵀ with U Σ Vᵀ = svd(Z_sᵀ Z_t) on the paired training
// rows; a logistic probe trained on Z_s R with the source's labels and applied to Z_t.
//   auroc          source detector on the aligned target's test rows (target labels)
//   aurocDirect    the target's own probe in its PCA space (trained on the target's labels):
//                  the in-domain ceiling the transfer is read against
//   aurocSource    the source probe on the source's own test rows (aligned space)
//   aurocUnaligned source probe (raw space) on the raw target states, when d_s = d_t; NaN else
#include <cstdint>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/probes/logistic_probe.h"
#include "assay/probes/pca.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes {

// R (r × r row-major) minimising ‖Z_s R − Z_t‖_F over orthogonal R; zs, zt: n × r row-major.
// One-sided Jacobi SVD of Z_sᵀ Z_t in double. ParameterError for sizes that disagree.
std::vector<double> orthogonalProcrustes(const std::vector<double>& zs,
                                         const std::vector<double>& zt, std::int64_t n, int r);

struct TransferRequest {
    int rank = 64;
    LogisticOptions logistic;
    std::vector<int> layers;  // layer numbers present in both; empty = all common layers
    double testFraction = 0.25;
    std::uint64_t seed = 0;
};

struct TransferLayer {
    int layer = 0;
    double auroc = 0, aurocDirect = 0, aurocSource = 0, aurocUnaligned = 0;
    std::vector<double> procrustes;  // r × r
    double alignmentResidual = 0;    // ‖Z_s R − Z_t‖_F / ‖Z_t‖_F on the training rows
};

struct TransferResult {
    int rank = 0;
    ProbeSplit split;  // of the source's rows (the pairs share it)
    std::vector<TransferLayer> layers;
};

// source and target must have the same N (paired rows; InputError "… N mismatch: 400 vs 380
// rows; transfer needs the same items in both files"). The split comes from the source (its
// split tensor, else seeded). Progress per layer; cancellable.
TransferResult transferProbes(const ProbeDataset& source, const ProbeDataset& target,
                              const TransferRequest& request, JobContext& job = JobContext::none());

}  // namespace assay::core::probes
