#pragma once
// Many rows of a table explained as one job (`assay-run explain`, the view): rows [begin, end) of
// X (n × D) with exact Shapley, KernelSHAP (tabular masker over the background) or tabular LIME
// (training statistics from X). Row r's random stream is streamSeed(seed, r) (r = the row's index
// in X), so a row's explanation does not depend on which other rows run with it (sharding).
// Progress: one step per row; cancel between rows.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/explain/explanation.h"
#include "assay/explain/lime.h"
#include "assay/explain/shapley.h"

namespace assay::core::explain {

struct TableData {
    std::int64_t n = 0;
    int D = 0;
    std::vector<double> X;                  // n × D
    std::vector<std::string> featureNames;  // D or empty
};

struct ExplainRequest {
    Method method = Method::KernelShap;
    std::int64_t rowBegin = 0, rowEnd = -1;  // half-open; −1 = n
    std::int64_t nsamples = 0;               // KernelSHAP: 0 = auto; LIME: 0 = 5000
    std::uint64_t seed = 0;
    std::vector<int> labels;  // empty = all outputs
    L1Reg l1 = L1Reg::Auto;
    bool discretize = true;  // LIME
};

// background: B × D with weights (kmeansBackground, or uniform). ParameterError for an empty or
// out-of-range row range; InputError for D mismatches and non-finite rows (naming the row).
Explanations explainRows(const Model& model, const TableData& data,
                         const std::vector<double>& background, std::int64_t backgroundRows,
                         const std::vector<double>& backgroundWeights,
                         const ExplainRequest& request, JobContext& job);

}  // namespace assay::core::explain
