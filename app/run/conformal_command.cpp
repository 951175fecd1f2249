// assay-run conformal: split conformal + SConU at one (α, δ) on one split, or the whole report.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "assay/conformal/calibration_json.h"
#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "commands.h"
#include "conformal_options.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace cf = core::conformal;

struct ConformalCommand {
    CalibrationOptions options;
    std::string out;
    bool report = false;

    int run() const {
        const ResultFormat format = resultFormat(out);  // before any work
        startHashing({options.input});
        const LoadedCalibration data = loadCalibration(options);
        const cf::CalibrationParams params = calibrationParams(options, data.items);
        nlohmann::json params_json = calibrationOptionsJson(options);
        if (!data.weights.empty())
            params_json["weights"] = data.weights;  // as used (defaults adapted to the data)
        else
            params_json.erase("weights");  // generic data: no weights
        params_json["statistic"] = data.statistic;
        if (!data.note.empty()) std::cout << data.note << "\n";
        const core::Provenance prov =
            core::makeProvenance("calibration",
                                 {options.input.empty() ? std::filesystem::path()
                                                        : std::filesystem::path(options.input)},
                                 params_json, options.seed);
        std::vector<std::size_t> cal, test;
        cf::drawSplit(data.items, params, 0, cal, test);
        const cf::SplitEvaluation e =
            cf::evaluateSplit(data.items, cal, test, params.alpha, params.delta);
        // Per-item arrays in the JSON only for .json: in .safetensors they are the tensors (and
        // building half a million JSON numbers to drop them was a tenth of the command's time).
        nlohmann::json result = cf::toJson(e, format == ResultFormat::Json);
        if (report) result["report"] = cf::toJson(cf::analyzeCalibration(data.items, params));
        result["data"] = data.description;
        result["provenance"] = prov.toJson();
        writeResult(out, result, [&e] {
            const auto n = static_cast<std::int64_t>(e.testItems.size());
            std::vector<std::int64_t> items(e.testItems.begin(), e.testItems.end()),
                sizes(e.setSize.begin(), e.setSize.end()),
                covered(e.covered.begin(), e.covered.end()), selected, selectedPro;
            for (double p : e.pValue) selected.push_back(p > e.delta);
            for (double p : e.pValuePro) selectedPro.push_back(p > e.delta);
            return std::vector<core::io::TensorToWrite>{
                core::io::tensorFromInt64("test_item", items, {n}),
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
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
