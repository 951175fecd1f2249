// assay-run explain: exact Shapley values, KernelSHAP or tabular LIME for rows of a table
// (papers.md §7; core/explain explainRows), of a TorchScript model, linear/logistic weights, or a
// logistic model fitted here to a label column (--fit-logistic). Writes attributions [rows, D, C],
// fx [rows, C], expected_value [C] (SHAP) or intercept and local_r2 [rows, C] (LIME), the
// explained rows and outputs, with the result JSON and provenance (README "Outputs (`assay-run
// explain`, ...)"). Everything is read and checked before the explanations run: bad input writes
// nothing (exit 2).
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <tuple>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/explain/explanation_parts.h"
#include "commands.h"
#include "explain_inputs.h"
#include "partial_file.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace ex = core::explain;
namespace io = core::io;
namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::int64_t> asInt64(const std::vector<int>& v) {
    return std::vector<std::int64_t>(v.begin(), v.end());
}

// What wrote the explanations, beside the explanations themselves: all `write` needs of the
// model, so a merge of parts (which has no model) writes the same result.
struct ExplainedBy {
    std::string model;  // Model::describe()
    int outputs = 0;
    std::optional<FittedLogistic> fitted;
    std::int64_t backgroundRows = 0;
};

struct ExplainCommand {
    std::string model, weights, bias, output, fitLabel, data, background,
        method = "kernelshap", rows, nsamples = "auto", labels, l1 = "auto", out;
    int kmeans = 0;
    double fitC = 1.0;
    bool continuous = false;
    std::uint64_t seed = 0;
    std::string shard;

    json parameters() const {
        json p = {{"method", method},
                  {"rows", rows.empty() ? json("all") : json(rows)},
                  {"nsamples", nsamples},
                  {"labels", labels.empty() ? json("all") : json(labels)},
                  {"background_kmeans", kmeans},
                  {"l1_reg", l1}};
        if (!output.empty()) p["output"] = output;
        if (!fitLabel.empty()) p.update({{"fit_logistic", fitLabel}, {"fit_C", fitC}});
        if (method == "lime") p["discretize"] = !continuous;
        return p;
    }

    // Which model: exactly one of --model, --model-weights, --fit-logistic.
    void checkModelChoice() const {
        if (int(!model.empty()) + int(!weights.empty()) + int(!fitLabel.empty()) != 1)
            throw core::ParameterError("--model",
                                       "give one model: --model M.pt (TorchScript), "
                                       "--model-weights W.npy, or --fit-logistic LABEL");
        if (!bias.empty() && weights.empty())
            throw core::ParameterError("--model-bias", "goes with --model-weights");
        if (!output.empty() && !model.empty())
            throw core::ParameterError("--output",
                                       "describes --model-weights or --fit-logistic; "
                                       "a TorchScript model's output is its own");
        if (!output.empty() && output != "softmax" && output != "sigmoid" && output != "identity")
            throw core::ParameterError("--output",
                                       "'" + output + "' is not softmax, sigmoid or identity");
        if (method != "exact" && method != "kernelshap" && method != "lime")
            throw core::ParameterError("--method",
                                       "'" + method + "' is not exact, kernelshap or lime");
        if (!(fitC > 0) || !std::isfinite(fitC))
            throw core::ParameterError("--fit-C", std::to_string(fitC) + " is not above 0");
    }

    ex::ExplainRequest request(const ex::TableData& table, int C) const {
        ex::ExplainRequest r;
        r.method = ex::methodFromName(method);
        if (!rows.empty())
            std::tie(r.rowBegin, r.rowEnd) = parseRowRange(rows, table.n);
        else
            r.rowEnd = table.n;
        if (nsamples != "auto") {
            std::size_t used = 0;
            long long v = 0;
            try {
                v = std::stoll(nsamples, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != nsamples.size() || v < 1)
                throw core::ParameterError("--nsamples",
                                           "'" + nsamples + "' is not auto or a count ≥ 1");
            r.nsamples = v;
        }
        r.seed = seed;
        if (!labels.empty()) r.labels = parseLabelList(labels, C);
        if (l1 != "auto" && l1 != "off")
            throw core::ParameterError("--l1-reg", "'" + l1 + "' is not auto or off");
        r.l1 = l1 == "auto" ? ex::L1Reg::Auto : ex::L1Reg::Off;
        r.discretize = !continuous;
        return r;
    }

    int run() const {
        startHashing({model, weights, bias, data, background});
        const std::optional<core::Shard> part = shardOption(shard);
        if (part)
            requirePartialOut(out);
        else
            resultFormat(out);  // before any work
        checkModelChoice();
        if (data.empty()) throw core::ParameterError("--data", "is required (X.csv or X.npy)");
        const LabelledTable table = readExplainTable(data, fitLabel);
        const ex::TableData& X = table.data;
        const std::string dataLabel = fs::path(data).filename().string();

        std::unique_ptr<ex::Model> m;
        std::optional<FittedLogistic> fitted;
        const std::optional<ex::OutputLink> link =
            output.empty() ? std::nullopt : std::optional(ex::outputLinkFromName(output));
        if (!model.empty()) {
            m = ex::loadScriptModel(model, X.D);
        } else if (!weights.empty()) {
            m = ex::loadLinearModel(
                weights, bias.empty() ? std::nullopt : std::optional<fs::path>(bias), link);
        } else {
            fitted = fitStandardisedLogistic(X, table.labels, fitC);
            m = ex::linearModel(fitted->W, {fitted->b}, 1, X.D,
                                link.value_or(ex::OutputLink::Sigmoid));
        }
        if (m->inputs() != X.D)
            throw core::InputError(dataLabel, "columns",
                                   "has " + std::to_string(X.D) + " features; the model (" +
                                       m->describe() + ") takes " + std::to_string(m->inputs()));

        ex::TableData bgTable = X;
        if (!background.empty()) {
            bgTable = readExplainTable(background, fitLabel, true).data;
            const std::string bgLabel = fs::path(background).filename().string();
            if (bgTable.D != X.D)
                throw core::InputError(bgLabel, "columns",
                                       "has " + std::to_string(bgTable.D) +
                                           " features; the data has " + std::to_string(X.D));
            if (!bgTable.featureNames.empty() && !X.featureNames.empty() &&
                bgTable.featureNames != X.featureNames)
                throw core::InputError(bgLabel, "header",
                                       "names other columns (or another order) than " + dataLabel);
        }
        ex::ExplainRequest req = request(X, m->outputs());
        const Background bg = makeBackground(bgTable, kmeans, seed);
        const ExplainedBy by{m->describe(), m->outputs(), fitted, bg.count};
        const std::int64_t asked = req.rowEnd - req.rowBegin;
        core::RowRange mine{0, asked};  // within the rows asked for (--rows)
        if (part) {
            mine = core::shardRows(*part, asked);
            if (mine.size() == 0)
                throw core::ParameterError("--shard", shard + " of " + std::to_string(asked) +
                                                          " rows is empty: use at most one part "
                                                          "per row");
            req.rowEnd = req.rowBegin + mine.end;
            req.rowBegin += mine.begin;
        }
        const ex::Explanations e =
            ex::explainRows(*m, X, bg.rows, bg.count, bg.weights, req, core::JobContext::none());
        if (part) return writePart(e, by, *part, mine, req.rowBegin - mine.begin, asked);
        return write(e, by);
    }

    std::vector<fs::path> inputs() const {
        std::vector<fs::path> files;
        for (const std::string& f : {model, weights, bias, data, background})
            if (!f.empty()) files.push_back(f);
        return files;
    }

    // A shard's rows: its explanations as tensors, and what the merge needs to write the result
    // the unsharded run writes (the model's description, the fit, the background's size).
    int writePart(const ex::Explanations& e, const ExplainedBy& by, const core::Shard& part,
                  core::RowRange mine, std::int64_t firstRow, std::int64_t asked) const {
        const std::int64_t R = e.rows, M = e.features;
        const auto C = static_cast<std::int64_t>(e.labels.size());
        std::vector<io::TensorToWrite> t = {
            io::tensorFromDoubles("attributions", e.attributions, {R, M, C}),
            io::tensorFromDoubles("fx", e.fx, {R, C}),
            io::tensorFromDoubles("intercept", e.intercept, {e.intercept.empty() ? 0 : R, C}),
            io::tensorFromDoubles("local_r2", e.localR2, {e.localR2.empty() ? 0 : R, C}),
            io::tensorFromInt64("model_rows", {e.modelRows}, {1})};
        json summary = {{"model", by.model},
                        {"outputs", by.outputs},
                        {"features", M},
                        {"feature_names", e.featureNames},
                        {"labels", e.labels},
                        {"expected_value", e.expectedValue},
                        {"first_row", firstRow},
                        {"background_rows", by.backgroundRows},
                        {"fitted_logistic", nullptr}};
        if (by.fitted)
            summary["fitted_logistic"] = {{"W", by.fitted->W},
                                          {"b", by.fitted->b},
                                          {"iterations", by.fitted->iterations},
                                          {"converged", by.fitted->converged},
                                          {"train_accuracy", by.fitted->trainAccuracy}};
        const core::Provenance prov = core::makeProvenance("explain", inputs(), parameters(), seed);
        writePartial(out,
                     {"explain",
                      prov.parameters,
                      part,
                      mine,
                      asked,
                      prov.inputs,
                      summary,
                      seed,
                      {{"data", data}, {"background", background}}},
                     t);
        std::cout << "shard " << shard << ": explained rows " << e.rowBegin << ":" << e.rowBegin + R
                  << "\nwrote " << out << "\n";
        return 0;
    }

    int write(const ex::Explanations& e, const ExplainedBy& by,
              std::optional<core::Provenance> merged = std::nullopt) const {
        const std::optional<FittedLogistic>& fitted = by.fitted;
        const std::int64_t R = e.rows, M = e.features;
        const auto C = static_cast<std::int64_t>(e.labels.size());
        const bool lime = e.method == ex::Method::Lime;
        std::vector<std::int64_t> rowIndex;
        for (std::int64_t r = 0; r < R; ++r) rowIndex.push_back(e.rowBegin + r);
        json result = {{"format", "assay-explain"},
                       {"method", ex::methodName(e.method)},
                       {"model", by.model},
                       {"data", data},
                       {"rows", {e.rowBegin, e.rowBegin + R}},
                       {"features", M},
                       {"feature_names", e.featureNames},
                       {"outputs", by.outputs},
                       {"labels", e.labels},
                       {"background",
                        {{"source", background.empty() ? data : background},
                         {"rows", by.backgroundRows},
                         {"kmeans", kmeans}}},
                       {"model_rows", e.modelRows}};
        if (fitted)
            result["fitted_logistic"] = {{"label_column", fitLabel},
                                         {"C", fitC},
                                         {"iterations", fitted->iterations},
                                         {"converged", fitted->converged},
                                         {"train_accuracy", fitted->trainAccuracy},
                                         {"W", fitted->W},
                                         {"b", fitted->b}};
        if (resultFormat(out) == ResultFormat::Json) {  // the numbers too: a JSON result is whole
            result["attributions"] = e.attributions;
            result["fx"] = e.fx;
            if (lime)
                result.update({{"intercept", e.intercept}, {"local_r2", e.localR2}});
            else
                result["expected_value"] = e.expectedValue;
        }
        result["provenance"] =
            merged ? merged->toJson()
                   : core::makeProvenance("explain", inputs(), parameters(), seed).toJson();
        writeResult(out, result, [&] {
            std::vector<io::TensorToWrite> t = {
                io::tensorFromDoubles("attributions", e.attributions, {R, M, C}),
                io::tensorFromDoubles("fx", e.fx, {R, C})};
            if (lime) {
                t.push_back(io::tensorFromDoubles("intercept", e.intercept, {R, C}));
                t.push_back(io::tensorFromDoubles("local_r2", e.localR2, {R, C}));
            } else {
                t.push_back(io::tensorFromDoubles("expected_value", e.expectedValue, {C}));
            }
            t.push_back(io::tensorFromInt64("labels", asInt64(e.labels), {C}));
            t.push_back(io::tensorFromInt64("rows", rowIndex, {R}));
            if (fitted) {
                t.push_back(io::tensorFromDoubles("model_W", fitted->W, {1, M}));
                t.push_back(io::tensorFromDoubles("model_b", {fitted->b}, {1}));
            }
            return t;
        });
        std::cout << "explained rows " << e.rowBegin << ":" << e.rowBegin + R << " with "
                  << ex::methodName(e.method) << " (" << M << " features, " << C << " output(s), "
                  << e.modelRows << " model rows) of " << by.model;
        if (fitted)
            std::cout << "\n  fitted logistic on '" << fitLabel << "': train accuracy "
                      << std::fixed << std::setprecision(4) << fitted->trainAccuracy
                      << std::defaultfloat << (fitted->converged ? "" : " (not converged)");
        if (!lime) {  // efficiency: Σφ = f(x) − E[f], the check a user can read
            double gap = 0;
            for (std::int64_t r = 0; r < R; ++r)
                for (std::int64_t c = 0; c < C; ++c) {
                    double s = 0;
                    for (std::int64_t j = 0; j < M; ++j) s += e.attributions[(r * M + j) * C + c];
                    gap = std::max(gap, std::abs(s - (e.fx[r * C + c] - e.expectedValue[c])));
                }
            std::cout << "\n  max |sum of attributions - (f(x) - E[f])| = " << gap;
        }
        std::cout << "\nwrote " << out << "\n";
        return 0;
    }
};

}  // namespace

int mergeExplainParts(const std::vector<PartialPart>& parts, const std::string& out) {
    resultFormat(out);
    const core::PartialHeader& h = parts.front().header;
    const json& p = h.parameters;
    const json& sum = h.summary;
    ExplainCommand cmd;
    cmd.out = out;
    cmd.method = p.at("method").get<std::string>();
    cmd.rows = p.at("rows") == "all" ? std::string() : p.at("rows").get<std::string>();
    cmd.nsamples = p.at("nsamples").get<std::string>();
    cmd.labels = p.at("labels") == "all" ? std::string() : p.at("labels").get<std::string>();
    cmd.kmeans = p.at("background_kmeans").get<int>();
    cmd.l1 = p.at("l1_reg").get<std::string>();
    cmd.output = p.value("output", std::string());
    cmd.fitLabel = p.value("fit_logistic", std::string());
    cmd.fitC = p.value("fit_C", 1.0);
    cmd.continuous = !p.value("discretize", true);
    cmd.seed = h.seed;
    cmd.data = h.named.at("data").get<std::string>();
    cmd.background = h.named.at("background").get<std::string>();
    ExplainedBy by{sum.at("model").get<std::string>(), sum.at("outputs").get<int>(), std::nullopt,
                   sum.at("background_rows").get<std::int64_t>()};
    if (!sum.at("fitted_logistic").is_null()) {
        const json& f = sum.at("fitted_logistic");
        by.fitted = FittedLogistic{f.at("W").get<std::vector<double>>(), f.at("b").get<double>(),
                                   f.at("iterations").get<int>(), f.at("converged").get<bool>(),
                                   f.at("train_accuracy").get<double>()};
    }
    std::vector<ex::Explanations> explained;
    for (const PartialPart& part : parts) {
        ex::Explanations e;
        e.method = ex::methodFromName(cmd.method);
        e.rowBegin = sum.at("first_row").get<std::int64_t>() + part.header.rows.begin;
        e.rows = part.header.rows.size();
        e.features = sum.at("features").get<int>();
        e.labels = sum.at("labels").get<std::vector<int>>();
        e.featureNames = sum.at("feature_names").get<std::vector<std::string>>();
        e.expectedValue = sum.at("expected_value").get<std::vector<double>>();
        const auto cells = static_cast<std::size_t>(e.rows) * e.labels.size();
        e.attributions =
            partDoubles(part, "attributions", cells * static_cast<std::size_t>(e.features));
        e.fx = partDoubles(part, "fx", cells);
        if (e.method == ex::Method::Lime) {
            e.intercept = partDoubles(part, "intercept", cells);
            e.localR2 = partDoubles(part, "local_r2", cells);
        }
        e.modelRows = partInt64(part, "model_rows", 1).front();
        explained.push_back(std::move(e));
    }
    return cmd.write(ex::joinExplanations(explained), by, mergedProvenance(parts));
}

void addExplainCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<ExplainCommand>();
    CLI::App* sub = app.add_subcommand(
        "explain",
        "Per-feature attributions of a model's outputs for rows of a table: exact Shapley values, "
        "KernelSHAP (as shap 0.46's KernelExplainer) or tabular LIME (as lime 0.2.0.1)");
    sub->add_option("--model", cmd->model,
                    "a TorchScript module mapping [B, D] to [B] or [B, C] (D = the data's columns)")
        ->option_text("M.pt");
    sub->add_option("--model-weights", cmd->weights,
                    "a linear/logistic model: W [C, D] or [D] (.npy), or tensors W and b "
                    "(.safetensors)")
        ->option_text("W.{npy,safetensors}");
    sub->add_option("--model-bias", cmd->bias, "the bias b [C] of --model-weights (default 0)")
        ->option_text("b.npy");
    sub->add_option("--output", cmd->output,
                    "the link after W·x + b: softmax, sigmoid or identity (default softmax when "
                    "C > 1, sigmoid when C = 1)")
        ->option_text("LINK");
    sub->add_option("--fit-logistic", cmd->fitLabel,
                    "fit a logistic model P(LABEL = 1 | x) to the CSV's other columns (core's "
                    "L-BFGS, sklearn's conventions, standardised columns folded back into W, b) "
                    "and explain it")
        ->option_text("LABEL");
    sub->add_option("--fit-C", cmd->fitC, "the fit's inverse regularisation strength (sklearn C)")
        ->option_text("C")
        ->capture_default_str();
    sub->add_option("--data", cmd->data,
                    "the rows to explain: CSV (a header of feature names, every cell a number) "
                    "or [N, D] in .npy / .npz / .safetensors (tensor X or the only one)")
        ->option_text("X.{csv,npy}");
    sub->add_option("--background", cmd->background,
                    "the rows features are masked with (SHAP), same columns (default: the data)")
        ->option_text("B.{csv,npy}");
    sub->add_option("--background-kmeans", cmd->kmeans,
                    "summarise the background by K weighted k-means centroids (shap.kmeans); 0 = "
                    "every row")
        ->option_text("K")
        ->capture_default_str();
    sub->add_option("--method", cmd->method, "exact, kernelshap or lime")
        ->option_text("METHOD")
        ->capture_default_str();
    sub->add_option("--rows", cmd->rows,
                    "the rows to explain, half-open as in Python (0:20, 5:, :-1; default all)")
        ->option_text("a:b");
    sub->add_option("--nsamples", cmd->nsamples,
                    "coalitions (KernelSHAP: auto = 2D + 2048, at most 2^D - 2) or samples "
                    "(LIME: auto = 5000) per row")
        ->option_text("auto|N")
        ->capture_default_str();
    sub->add_option("--labels", cmd->labels, "the outputs to explain (default every output)")
        ->option_text("0,2");
    sub->add_option("--l1-reg", cmd->l1,
                    "KernelSHAP feature selection: auto (Lasso-AIC when under 20% of the "
                    "coalitions are enumerated, as shap) or off")
        ->option_text("auto|off")
        ->capture_default_str();
    sub->add_flag("--lime-continuous", cmd->continuous,
                  "LIME without quartile discretisation (samples N(0,1)·σ + μ)");
    sub->add_option("--seed", cmd->seed, "row r uses the stream streamSeed(seed, r)")
        ->option_text("S")
        ->capture_default_str();
    sub->add_option("--shard", cmd->shard,
                    "i/N: explain only part i (from 0) of N of the rows and write a partial "
                    ".safetensors result; assay-run merge joins the N parts")
        ->option_text("i/N");
    sub->add_option("--out,-o", cmd->out, "result file")
        ->option_text("FILE.{safetensors,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
