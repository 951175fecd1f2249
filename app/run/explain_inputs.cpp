#include "explain_inputs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string_view>

#include "assay/core/error.h"
#include "assay/explain/shapley.h"
#include "assay/io/mapped_file.h"
#include "assay/io/table.h"
#include "assay/io/tensor_file.h"
#include "assay/probes/logistic_probe.h"
#include "assay/probes/probe_dataset.h"

namespace assay::app {
namespace {

namespace fs = std::filesystem;
namespace io = core::io;
namespace ex = core::explain;

// Every column a number (core's CSV parser rejects empty, NaN and unparsable cells by row and
// column); the header names the features.
LabelledTable readCsvTable(const fs::path& path, std::string labelColumn, bool labelOptional) {
    const std::string label = path.filename().string();
    const io::MappedFile file(path);
    const std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
    const io::Table header = io::parseCsv(text, {}, label);
    std::vector<io::ColumnSpec> spec;
    for (const std::string& name : header.header) spec.push_back({name, io::ColumnType::Float});
    const io::Table table = io::parseCsv(text, spec, label);
    if (labelOptional && !table.has(labelColumn)) labelColumn.clear();
    if (!labelColumn.empty()) table.column(labelColumn);  // throws, listing the columns
    LabelledTable out;
    ex::TableData& d = out.data;
    d.n = static_cast<std::int64_t>(table.rows);
    for (const std::string& name : table.header)
        if (name != labelColumn) d.featureNames.push_back(name);
    d.D = static_cast<int>(d.featureNames.size());
    if (d.n == 0 || d.D == 0)
        throw core::InputError(label, "", "has no data rows or no feature columns");
    d.X.resize(static_cast<std::size_t>(d.n) * d.D);
    for (int j = 0; j < d.D; ++j) {
        const io::Column& c = table.column(d.featureNames[static_cast<std::size_t>(j)]);
        for (std::int64_t i = 0; i < d.n; ++i)
            d.X[static_cast<std::size_t>(i * d.D + j)] = c.floats[static_cast<std::size_t>(i)];
    }
    if (!labelColumn.empty()) {
        const io::Column& c = table.column(labelColumn);
        for (std::int64_t i = 0; i < d.n; ++i) {
            const double v = c.floats[static_cast<std::size_t>(i)];
            if (v != 0 && v != 1)
                throw core::InputError(label,
                                       "row " + std::to_string(i + 1) + ", column " + labelColumn,
                                       "is " + std::to_string(v) + ", expected a label 0 or 1");
            out.labels.push_back(static_cast<std::uint8_t>(v));
        }
    }
    return out;
}

// One [N, D] matrix: tensor `X`, or the file's only tensor.
LabelledTable readTensorTable(const fs::path& path) {
    const std::string label = path.filename().string();
    const io::TensorFile tf = io::TensorFile::open(path);
    const io::TensorInfo* info = tf.find("X");
    if (!info && tf.tensors().size() == 1) info = &tf.tensors().front();
    if (!info) tf.require("X");  // throws, listing the tensors
    if (info->shape.size() != 2 || info->shape[0] < 1 || info->shape[1] < 1)
        throw core::InputError(label, info->name, "expected a matrix [N, D] with N, D ≥ 1");
    LabelledTable out;
    out.data.n = info->shape[0];
    out.data.D = static_cast<int>(info->shape[1]);
    out.data.X = tf.toDoubles(info->name);
    return out;
}

void requireFinite(const ex::TableData& d, const std::string& label) {
    for (std::int64_t i = 0; i < d.n; ++i)
        for (int j = 0; j < d.D; ++j)
            if (!std::isfinite(d.X[static_cast<std::size_t>(i * d.D + j)]))
                throw core::InputError(
                    label,
                    "row " + std::to_string(i + 1) + ", column " +
                        (d.featureNames.empty() ? std::to_string(j)
                                                : d.featureNames[static_cast<std::size_t>(j)]),
                    "is not finite; every value must be a number");
}

// An integer from `text`, whole string, or nullopt.
std::optional<std::int64_t> parseInteger(const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    std::int64_t v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != text.size()) return std::nullopt;
    return v;
}

}  // namespace

LabelledTable readExplainTable(const std::string& path, const std::string& labelColumn,
                               bool labelOptional) {
    const fs::path p(path);
    const std::string ext = p.extension().string();
    LabelledTable out;
    if (ext == ".csv") {
        out = readCsvTable(p, labelColumn, labelOptional);
    } else {
        if (!labelColumn.empty() && !labelOptional)
            throw core::ParameterError("--fit-logistic",
                                       "needs a CSV table (the label is one of its columns)");
        out = readTensorTable(p);
    }
    requireFinite(out.data, p.filename().string());
    return out;
}

FittedLogistic fitStandardisedLogistic(const ex::TableData& data,
                                       const std::vector<std::uint8_t>& labels, double C) {
    const std::int64_t n = data.n;
    const int D = data.D;
    std::vector<double> mean(static_cast<std::size_t>(D), 0.0), sd(static_cast<std::size_t>(D));
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < D; ++j) mean[static_cast<std::size_t>(j)] += data.X[i * D + j];
    for (double& m : mean) m /= static_cast<double>(n);
    std::vector<int> used;  // the columns that are not constant
    for (int j = 0; j < D; ++j) {
        double s = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            const double e = data.X[i * D + j] - mean[static_cast<std::size_t>(j)];
            s += e * e;
        }
        const double v = std::sqrt(s / static_cast<double>(n));
        sd[static_cast<std::size_t>(j)] = v > 0 ? v : 1.0;  // sklearn's StandardScaler: 0 → 1
        if (v > 0) used.push_back(j);
    }
    // Constant columns stay out of the fit (weight 0: they cannot separate anything, and a zero
    // column after centring would only be a degenerate direction for the solver).
    const auto U = static_cast<int>(used.size());
    if (U == 0) throw core::InputError("data", "columns", "every feature column is constant");
    std::vector<double> Z(static_cast<std::size_t>(n) * U);
    for (std::int64_t i = 0; i < n; ++i)
        for (int u = 0; u < U; ++u) {
            const auto j = static_cast<std::size_t>(used[static_cast<std::size_t>(u)]);
            Z[static_cast<std::size_t>(i * U + u)] = (data.X[i * D + j] - mean[j]) / sd[j];
        }
    core::probes::LogisticOptions options;
    options.C = C;
    options.threads = 1;  // the same numbers on every machine
    const core::probes::LogisticProbe probe =
        core::probes::fitLogistic(core::probes::rowsOfDoubles(Z.data(), n, U), labels, options);
    FittedLogistic out;
    out.W.assign(static_cast<std::size_t>(D), 0.0);
    out.b = probe.bias;
    for (int u = 0; u < U; ++u) {
        const auto j = static_cast<std::size_t>(used[static_cast<std::size_t>(u)]);
        const double w = probe.weights[static_cast<std::size_t>(u)];
        out.W[j] = w / sd[j];
        out.b -= w * mean[j] / sd[j];
    }
    out.iterations = probe.iterations;
    out.converged = probe.converged;
    std::int64_t right = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        double s = out.b;
        for (int j = 0; j < D; ++j) s += out.W[static_cast<std::size_t>(j)] * data.X[i * D + j];
        right += (s > 0) == (labels[static_cast<std::size_t>(i)] == 1);
    }
    out.trainAccuracy = static_cast<double>(right) / static_cast<double>(n);
    return out;
}

Background makeBackground(const ex::TableData& table, int k, std::uint64_t seed) {
    Background out;
    if (k < 0) throw core::ParameterError("--background-kmeans", std::to_string(k) + " is below 0");
    if (k > table.n)
        throw core::ParameterError("--background-kmeans", std::to_string(k) + " centroids from " +
                                                              std::to_string(table.n) +
                                                              " background rows; at most " +
                                                              std::to_string(table.n));
    if (k > 0) {
        out.rows = ex::kmeansBackground(table.X, table.n, table.D, k, seed, out.weights);
        out.count = k;
    } else {
        out.rows = table.X;
        out.count = table.n;
        out.weights.assign(static_cast<std::size_t>(table.n), 1.0 / static_cast<double>(table.n));
    }
    return out;
}

std::pair<std::int64_t, std::int64_t> parseRowRange(const std::string& text, std::int64_t n) {
    const std::size_t colon = text.find(':');
    const auto bad = [&](const std::string& why) {
        return core::ParameterError("--rows", "'" + text + "' " + why);
    };
    if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos)
        throw bad("is not a:b (half-open, as in Python: 0:20, 5:, :-1)");
    const std::string a = text.substr(0, colon), b = text.substr(colon + 1);
    const std::optional<std::int64_t> begin =
        a.empty() ? std::optional<std::int64_t>(0) : parseInteger(a);
    const std::optional<std::int64_t> end =
        b.empty() ? std::optional<std::int64_t>(n) : parseInteger(b);
    if (!begin || !end) throw bad("is not a:b with whole numbers");
    const std::int64_t lo = *begin < 0 ? *begin + n : *begin;
    const std::int64_t hi = *end < 0 ? *end + n : *end;
    if (lo < 0 || hi > n || lo >= hi)
        throw bad("selects no rows, or rows outside the data's " + std::to_string(n));
    return {lo, hi};
}

std::vector<int> parseLabelList(const std::string& text, int C) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const std::optional<std::int64_t> v = parseInteger(item);
        if (!v || *v < 0 || *v >= C)
            throw core::ParameterError("--labels", "'" + item + "' is not an output index in [0, " +
                                                       std::to_string(C) + ")");
        if (std::find(out.begin(), out.end(), int(*v)) != out.end())
            throw core::ParameterError("--labels", "lists output " + item + " twice");
        out.push_back(static_cast<int>(*v));
    }
    if (out.empty()) throw core::ParameterError("--labels", "is empty; give e.g. 0,2");
    return out;
}

}  // namespace assay::app
