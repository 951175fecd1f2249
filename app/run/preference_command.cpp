// assay-run preference: how linearly separable chosen and rejected responses are, per dataset
// and layer (the seed finding: multi-model DPO data more than single-model data). Writes
// auroc [D,L] (held-out probe AUROC), accuracy [D,L], mass_mean_auroc [D,L] (NaN where a
// dataset lacks a layer) and layer_index [L], with the datasets' names, the result JSON and
// provenance. README "Outputs (`assay-run preference`)". Bad input: exit 2, nothing written.
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/probes/preference_separability.h"
#include "commands.h"
#include "probes_common.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace pr = core::probes;
namespace fs = std::filesystem;
using nlohmann::json;

struct PreferenceCommand {
    std::vector<std::string> pairs;
    std::string out;
    bool demo = false;
    ProbeFitOptions fit;

    int run() const {
        startHashing(pairs);
        resultFormat(out);
        requireOneInput(!pairs.empty(), demo, "--pairs");
        const pr::ProbeRequest probe = probeRequest(fit);
        if (!probe.layers.empty())
            throw core::ParameterError("--layers", "every layer of the pairs is used");
        std::vector<pr::PreferencePairs> opened;
        for (const std::string& p : pairs) opened.push_back(pr::PreferencePairs::open(p));
        std::vector<const pr::PreferencePairs*> sets;
        for (const pr::PreferencePairs& p : demo ? probesDemo().preference() : opened)
            sets.push_back(&p);
        pr::PreferenceRequest request;
        request.logistic = probe.logistic;
        request.testFraction = probe.testFraction;
        request.seed = probe.seed;
        const pr::PreferenceResult r = pr::preferenceSeparability(sets, request);
        const auto D = static_cast<std::int64_t>(r.datasets.size());
        const auto L = static_cast<std::int64_t>(r.layers.size());
        const double nan = std::numeric_limits<double>::quiet_NaN();
        std::vector<double> auroc(D * L, nan), accuracy(D * L, nan), massMean(D * L, nan);
        json datasets = json::array();
        for (std::int64_t d = 0; d < D; ++d) {
            const pr::PreferenceDataset& ds = r.datasets[static_cast<std::size_t>(d)];
            json perLayer = json::array();
            for (const pr::PreferenceLayer& l : ds.layers) {
                const auto at = std::find(r.layers.begin(), r.layers.end(), l.layer);
                const std::int64_t i = d * L + (at - r.layers.begin());
                auroc[static_cast<std::size_t>(i)] = l.auroc;
                accuracy[static_cast<std::size_t>(i)] = l.accuracy;
                massMean[static_cast<std::size_t>(i)] = l.massMeanAuroc;
                perLayer.push_back({{"layer", l.layer},
                                    {"auroc", l.auroc},
                                    {"accuracy", l.accuracy},
                                    {"mass_mean_auroc", l.massMeanAuroc}});
            }
            datasets.push_back({{"name", ds.name},
                                {"pairs", sets[static_cast<std::size_t>(d)]->pairs()},
                                {"layers", perLayer}});
        }
        json result = {
            {"format", "assay-preference"}, {"datasets", datasets}, {"layer_index", r.layers}};
        std::vector<fs::path> inputs;
        if (demo) inputs.push_back(fs::path());
        for (const std::string& p : pairs) inputs.push_back(p);
        result["provenance"] =
            core::makeProvenance("preference", inputs, probeFitParameters(fit, false),
                                 demo ? probesDemoSeed() : fit.seed)
                .toJson();
        writeResult(out, result, [&] {
            return std::vector<core::io::TensorToWrite>{
                f64Tensor("auroc", auroc, {D, L}), f64Tensor("accuracy", accuracy, {D, L}),
                f64Tensor("mass_mean_auroc", massMean, {D, L}), layerIndexTensor(r.layers)};
        });
        for (std::int64_t d = 0; d < D; ++d) {
            double best = 0;
            for (std::int64_t l = 0; l < L; ++l)
                if (std::isfinite(auroc[d * L + l])) best = std::max(best, auroc[d * L + l]);
            std::cout << r.datasets[static_cast<std::size_t>(d)].name << ": best AUROC "
                      << std::fixed << std::setprecision(4) << best << std::defaultfloat << "\n";
        }
        std::cout << "wrote " << out << "\n";
        return 0;
    }
};

}  // namespace

void addPreferenceCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<PreferenceCommand>();
    CLI::App* sub = app.add_subcommand(
        "preference",
        "Preference-pair separability: a probe of chosen vs rejected per dataset and layer "
        "(held-out AUROC, accuracy, and the mass-mean direction's AUROC)");
    sub->add_option("--pairs", cmd->pairs,
                    "preference sets, each with `chosen` and `rejected` [N,d] or [L,N,d] (or "
                    "layers.{l}.chosen / .rejected)")
        ->option_text("FILE ...");
    sub->add_flag("--demo", cmd->demo,
                  "use the built-in demo (a separable and a non-separable set)");
    addProbeFitOptions(sub, cmd->fit, false);
    sub->add_option("--out,-o", cmd->out, "result file")
        ->option_text("FILE.{safetensors,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
