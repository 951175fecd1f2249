// assay-run conformal: split conformal + SConU at one (α, δ) on one split, or the whole report.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "assay/conformal/calibration_json.h"
#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "commands.h"
#include "conformal_options.h"
#include "conformal_parts.h"
#include "partial_file.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace cf = core::conformal;

struct ConformalCommand {
    CalibrationOptions options;
    std::string out;
    bool report = false;
    std::string shard;

    nlohmann::json parameters(const LoadedCalibration& data) const {
        nlohmann::json p = calibrationOptionsJson(options);
        if (!data.weights.empty())
            p["weights"] = data.weights;  // as used (defaults adapted to the data)
        else
            p.erase("weights");  // generic data: no weights
        p["statistic"] = data.statistic;
        p["report"] = report;
        return p;
    }

    int run() const {
        const std::optional<core::Shard> part = shardOption(shard);
        if (part) requirePartialOut(out);
        const ResultFormat format = part ? ResultFormat::Safetensors : resultFormat(out);
        startHashing({options.input});
        const LoadedCalibration data = loadCalibration(options);
        // Group names are checked by every shard (not first at the merge, after every task ran).
        const cf::CalibrationParams params = calibrationParams(options, data.items);
        cf::checkCalibrationParams(data.items, params);
        if (!data.note.empty()) std::cout << data.note << "\n";
        const core::Provenance prov =
            core::makeProvenance("calibration",
                                 {options.input.empty() ? std::filesystem::path()
                                                        : std::filesystem::path(options.input)},
                                 parameters(data), options.seed);
        if (part) {
            const core::RowRange rows =
                core::shardRows(*part, static_cast<std::int64_t>(data.items.n));
            writeScoredPart(out, *part, rows, data, prov);
            std::cout << "shard " << shard << ": items [" << rows.begin << ", " << rows.end
                      << ") of " << data.items.n << "\nwrote " << out << "\n";
            return 0;
        }
        return evaluate(data.items, params, data.description, prov, format);
    }

    // Everything after the scores: the same for a whole run and a merge of its parts.
    int evaluate(const cf::ScoredItems& items, const cf::CalibrationParams& params,
                 const std::string& description, const core::Provenance& prov,
                 ResultFormat format) const {
        std::vector<std::size_t> cal, test;
        cf::drawSplit(items, params, 0, cal, test);
        const cf::SplitEvaluation e =
            cf::evaluateSplit(items, cal, test, params.alpha, params.delta);
        // Per-item arrays in the JSON only for .json: in .safetensors they are the tensors (and
        // building half a million JSON numbers to drop them was a tenth of the command's time).
        nlohmann::json result = cf::toJson(e, format == ResultFormat::Json);
        if (report) result["report"] = cf::toJson(cf::analyzeCalibration(items, params));
        result["data"] = description;
        result["provenance"] = prov.toJson();
        writeResult(out, result, [&e] {
            const auto n = static_cast<std::int64_t>(e.testItems.size());
            std::vector<std::int64_t> ids(e.testItems.begin(), e.testItems.end()),
                sizes(e.setSize.begin(), e.setSize.end()),
                covered(e.covered.begin(), e.covered.end()), selected, selectedPro;
            for (double p : e.pValue) selected.push_back(p > e.delta);
            for (double p : e.pValuePro) selectedPro.push_back(p > e.delta);
            return std::vector<core::io::TensorToWrite>{
                core::io::tensorFromInt64("test_item", ids, {n}),
                core::io::tensorFromInt64("set_size", sizes, {n}),
                core::io::tensorFromInt64("covered", covered, {n}),
                core::io::tensorFromInt64("selected", selected, {n}),
                core::io::tensorFromInt64("selected_pro", selectedPro, {n}),
                core::io::tensorFromDoubles("p_value", e.pValue, {n}),
                core::io::tensorFromDoubles("p_value_pro", e.pValuePro, {n})};
        });
        // The summary line rounds to 4 significant digits; the file keeps full precision.
        auto round4 = [](const nlohmann::json& v) {
            if (!v.is_number()) return v.is_string() ? v.get<std::string>() : v.dump();
            std::ostringstream s;
            s << std::setprecision(4) << v.get<double>();
            return s.str();
        };
        std::cout << "threshold " << round4(result["threshold"]) << ", coverage "
                  << round4(result["before_selection"]["coverage"]) << " → "
                  << round4(result["sconu"]["coverage"]) << " after SConU (" << e.sconu.count
                  << " of " << e.testItems.size() << " selected)\n"
                  << "wrote " << out << "\n";
        return 0;
    }
};

}  // namespace

int mergeConformalParts(const std::vector<PartialPart>& parts, const std::string& out) {
    const ResultFormat format = resultFormat(out);
    const JoinedScores joined = joinScoredParts(parts);
    if (!joined.note.empty()) std::cout << joined.note << "\n";
    ConformalCommand cmd;
    cmd.options = joined.options;
    cmd.out = out;
    cmd.report = joined.report;
    core::Provenance prov = mergedProvenance(parts);
    prov.analysis = "calibration";  // what the unsharded run records (the command is conformal)
    return cmd.evaluate(joined.items, calibrationParams(joined.options, joined.items),
                        joined.description, prov, format);
}

void addConformalCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<ConformalCommand>();
    CLI::App* sub = app.add_subcommand(
        "conformal",
        "split conformal prediction with SConU selection: threshold, coverage, set sizes, p-values "
        "and the selection mask for the test half of split 0");
    addCalibrationOptions(*sub, cmd->options);
    sub->add_option("--out,-o", cmd->out,
                    "result file: .json, or .safetensors (tensors + JSON metadata)")
        ->required();
    sub->add_flag("--report", cmd->report,
                  "also compute curves over all splits, cross-domain matrices and stratified EMR");
    sub->add_option("--shard", cmd->shard,
                    "i/N: score only part i (from 0) of N of the items and write a partial "
                    ".safetensors result; assay-run merge joins the N parts and evaluates");
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
