#pragma once
// What `assay-run explain` reads (README "Inputs" of the Inversion view): a table (CSV with a
// header of feature names, or a tensor file .npy / .npz / .safetensors holding one [N, D] matrix),
// the model to explain (TorchScript, linear/logistic weights, or a logistic model fitted here to a
// label column of the table), and the background (rows, optionally summarised by k-means). Every
// check happens before any explanation runs, so bad input writes nothing.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assay/explain/explain_rows.h"
#include "assay/explain/model.h"

namespace assay::app {

// A table for explanation: every column a finite number. With `labelColumn` (CSV only) that
// column is taken out of the features and returned as 0/1 labels (anything else: InputError
// naming the row); with labelOptional a table without that column is read as it is (a
// background without labels). InputError for non-finite values ("X.npy: row 7, column 3: is
// not finite"), a tensor that is not [N, D], an empty table.
struct LabelledTable {
    core::explain::TableData data;
    std::vector<std::uint8_t> labels;  // with labelColumn, else empty
};
LabelledTable readExplainTable(const std::string& path, const std::string& labelColumn = {},
                               bool labelOptional = false);

// A logistic model P(label = 1 | x) fitted by core (probes::fitLogistic, sklearn's
// LogisticRegression conventions with C) on standardised columns (mean 0, std 1 with ddof 0;
// std 0 → 1) and folded back into W [1, D] and b over the raw columns:
// W_j = w_j / σ_j, b = b_z − Σ_j w_j μ_j / σ_j.
struct FittedLogistic {
    std::vector<double> W;  // D
    double b = 0;
    int iterations = 0;
    bool converged = false;
    double trainAccuracy = 0;
};
FittedLogistic fitStandardisedLogistic(const core::explain::TableData& data,
                                       const std::vector<std::uint8_t>& labels, double C);

// The background: the given rows, summarised by kmeansBackground when k > 0 (k ≤ rows, else
// ParameterError "--background-kmeans"), with uniform weights otherwise.
struct Background {
    std::vector<double> rows;  // B × D
    std::int64_t count = 0;
    std::vector<double> weights;  // B
};
Background makeBackground(const core::explain::TableData& table, int k, std::uint64_t seed);

// "a:b" (half-open, as Python: either side may be empty, negative counts from the end) over n
// rows → [begin, end). ParameterError "--rows" for anything else or an empty range.
std::pair<std::int64_t, std::int64_t> parseRowRange(const std::string& text, std::int64_t n);

// "0,2" → {0, 2}, each in [0, C); ParameterError "--labels" otherwise.
std::vector<int> parseLabelList(const std::string& text, int C);

}  // namespace assay::app
