// explainRows (explain_rows.h): rows [begin, end) of a table, one explanation each, one progress
// step per row; row r draws from streamSeed(seed, r) so shards reproduce the whole run.
#include "assay/explain/explain_rows.h"

#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::explain {
namespace {

void checkTable(const Model& model, const TableData& data, const std::vector<double>& background,
                std::int64_t backgroundRows, std::int64_t begin, std::int64_t end) {
    if (data.D < 1 || data.n < 1 || data.X.size() != static_cast<std::size_t>(data.n) * data.D)
        throw InputError("data", "",
                         std::to_string(data.X.size()) + " values, expected " +
                             std::to_string(data.n) + " rows × " + std::to_string(data.D) +
                             " columns");
    if (model.inputs() != data.D)
        throw InputError("data", "",
                         "has " + std::to_string(data.D) + " columns, the model (" +
                             model.describe() + ") takes " + std::to_string(model.inputs()));
    if (!data.featureNames.empty() && data.featureNames.size() != static_cast<std::size_t>(data.D))
        throw InputError("data", "feature names",
                         std::to_string(data.featureNames.size()) + " names for " +
                             std::to_string(data.D) + " columns");
    if (backgroundRows >= 1 &&
        background.size() != static_cast<std::size_t>(backgroundRows) * data.D)
        throw InputError("background", "",
                         std::to_string(background.size()) + " values, expected " +
                             std::to_string(backgroundRows) + " rows × " + std::to_string(data.D) +
                             " columns (D of the data)");
    if (begin < 0 || end > data.n || begin >= end)
        throw ParameterError("rows", std::to_string(begin) + ":" + std::to_string(end) +
                                         " is empty or outside 0:" + std::to_string(data.n));
    for (std::int64_t r = begin; r < end; ++r)
        for (int d = 0; d < data.D; ++d)
            if (!std::isfinite(data.X[r * data.D + d]))
                throw InputError("data", "row " + std::to_string(r),
                                 "column " + std::to_string(d) + " is not finite");
}

}  // namespace

Explanations explainRows(const Model& model, const TableData& data,
                         const std::vector<double>& background, std::int64_t backgroundRows,
                         const std::vector<double>& backgroundWeights,
                         const ExplainRequest& request, JobContext& job) {
    const std::int64_t begin = request.rowBegin;
    const std::int64_t end = request.rowEnd < 0 ? data.n : request.rowEnd;
    checkTable(model, data, background, backgroundRows, begin, end);
    const bool lime = request.method == Method::Lime;
    if (!lime && backgroundRows < 1)
        throw InputError("background", "", "has no rows, expected at least one for SHAP");
    TabularStats stats;
    if (lime) stats = tabularStats(data.X, data.n, data.D);
    job.stage(methodName(request.method));

    Explanations out;
    out.method = request.method;
    out.rowBegin = begin;
    out.rows = end - begin;
    out.features = data.D;
    out.featureNames = data.featureNames;
    for (std::int64_t r = begin; r < end; ++r) {
        job.progress(r - begin, out.rows);
        const std::vector<double> x(data.X.begin() + r * data.D, data.X.begin() + (r + 1) * data.D);
        const std::uint64_t seed = streamSeed(request.seed, static_cast<std::uint64_t>(r));
        Explanation e;
        if (lime) {
            LimeOptions o;
            o.numSamples = static_cast<int>(request.nsamples);
            o.discretize = request.discretize;
            o.seed = seed;
            o.labels = request.labels;
            e = limeTabular(model, x, stats, o, job);
        } else {
            const auto masker = tabularMasker(x, background, backgroundRows, backgroundWeights);
            if (request.method == Method::Exact) {
                e = exactShapley(model, *masker, request.labels, job);
            } else {
                KernelShapOptions o;
                o.nsamples = request.nsamples;
                o.seed = seed;
                o.l1 = request.l1;
                o.labels = request.labels;
                e = kernelShap(model, *masker, o, job);
            }
        }
        if (r == begin) {
            out.labels = e.labels;
            if (!lime) out.expectedValue = e.expectedValue;
        }
        out.attributions.insert(out.attributions.end(), e.attributions.begin(),
                                e.attributions.end());
        out.fx.insert(out.fx.end(), e.fx.begin(), e.fx.end());
        if (lime) {
            out.intercept.insert(out.intercept.end(), e.intercept.begin(), e.intercept.end());
            out.localR2.insert(out.localR2.end(), e.localR2.begin(), e.localR2.end());
        }
        out.modelRows += e.modelRows;
    }
    job.progress(out.rows, out.rows);
    return out;
}

}  // namespace assay::core::explain
