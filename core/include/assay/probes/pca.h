#pragma once
// Principal components of a RowView in double: randomised subspace iteration (Halko et al.)
// with a few power iterations and a small symmetric eigensolver, streamed over the rows — O(N·d·r)
// per pass, never a d × d matrix — so 1M states or d = 4096 fit. Seeded; same input → same basis.
// Component signs are fixed so that each basis column's largest-|·| entry is positive.
#include <cstdint>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes {

struct PcaBasis {
    std::int64_t width = 0;          // d
    int rank = 0;                    // r
    std::vector<double> mean;        // d
    std::vector<double> components;  // r × d row-major: component k is row k (unit, orthogonal)
    std::vector<double> variance;    // r, descending (sample variance, n − 1)
    double totalVariance = 0;        // trace of the covariance
};

// ParameterError for rank < 1 or rank > min(n, d). Progress per pass; cancellable.
PcaBasis fitPca(const RowView& X, int rank, std::uint64_t seed = 0, int powerIterations = 4,
                JobContext& job = JobContext::none());

// (x − mean) · componentsᵀ for every row: n × r row-major.
std::vector<double> projectPca(const RowView& X, const PcaBasis& basis, int threads = 0);

}  // namespace assay::core::probes
