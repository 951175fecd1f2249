// assay-run probe: logistic probes for every layer of a labelled hidden-state file (papers.md §4,
// TruthPrInt), held-out AUROC (with its CV spread under --cv), and the truthful directions.
// Writes the probe file (assay/probes/probe_file.h: weights, bias, direction, probe_direction,
// sigma, ...) with the command's results as extra tensors (auroc, auroc_cv_std, ...) and the
// result JSON with provenance in metadata "assay"; `--out x.json` writes the JSON only.
// README "Outputs (`assay-run probe`)". Bad input: exit 2, nothing written.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/io/atomic_write.h"
#include "commands.h"
#include "probes_common.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace pr = core::probes;
namespace fs = std::filesystem;
using nlohmann::json;

struct ProbeCommand {
    std::string states, out;
    bool demo = false;
    double sensitivity = 0.95;
    ProbeFitOptions fit;
    std::string shard;

    int run() const {
        if (!shard.empty())  // refused before anything is read
            throw core::ParameterError(
                "--shard",
                "logistic probes do not split into parts: every optimiser step needs "
                "the gradient over every row, so the parts' fits would not add up to "
                "the whole fit. Run them in one process (on a cluster: one task)");
        startHashing({states});
        const std::string ext = fs::path(out).extension().string();
        if (ext != ".safetensors" && ext != ".npz" && ext != ".json")
            throw core::ParameterError("--out", "'" + out +
                                                    "' must end in .safetensors or .npz (the "
                                                    "probe file) or .json (the summary)");
        requireOneInput(!states.empty(), demo, "--states");
        pr::ProbeRequest request = probeRequest(fit);
        if (!(sensitivity > 0 && sensitivity <= 1))
            throw core::ParameterError("--sensitivity",
                                       std::to_string(sensitivity) + " is outside (0, 1]");
        request.sensitivity = sensitivity;
        std::optional<pr::ProbeDataset> opened;
        if (!demo) opened.emplace(pr::ProbeDataset::open(states));
        const pr::ProbeDataset& data = demo ? probesDemo().states() : *opened;
        TrainedProbes trained = trainProbeFile(data, request);
        const pr::ProbeTraining& t = trained.training;

        const auto L = static_cast<std::int64_t>(t.layers.size());
        std::vector<double> auroc, accuracy, specificity, cvMean, cvStd, chosenC;
        json perLayer = json::array();
        for (const pr::LayerProbe& lp : t.layers) {
            auroc.push_back(lp.auroc);
            accuracy.push_back(lp.accuracy);
            specificity.push_back(lp.operating.specificity);
            cvMean.push_back(lp.aurocCvMean);
            cvStd.push_back(lp.aurocCvStd);
            chosenC.push_back(lp.C);
            json j = {{"layer", lp.layer},
                      {"auroc", lp.auroc},
                      {"accuracy", lp.accuracy},
                      {"specificity", lp.operating.specificity},
                      {"C", lp.C},
                      {"iterations", lp.probe.iterations},
                      {"converged", lp.probe.converged}};
            if (request.cvFolds >= 2) {
                j["auroc_cv_mean"] = lp.aurocCvMean;
                j["auroc_cv_std"] = lp.aurocCvStd;
            }
            perLayer.push_back(j);
        }
        json result = {{"format", "assay-probe"},
                       {"source", demo ? std::string("demo") : states},
                       {"kind", t.kindName},
                       {"items", data.items()},
                       {"width", data.width()},
                       {"split",
                        {{"source", t.split.source},
                         {"seed", t.split.seed},
                         {"test_fraction", t.split.testFraction},
                         {"train", t.split.train.size()},
                         {"test", t.split.test.size()}}},
                       {"sensitivity", sensitivity},
                       {"layers", perLayer}};
        json parameters = probeFitParameters(fit, true);
        parameters["sensitivity"] = sensitivity;
        result["provenance"] = core::makeProvenance("probe", {demo ? fs::path() : fs::path(states)},
                                                    parameters, demo ? probesDemoSeed() : fit.seed)
                                   .toJson();

        if (ext == ".json") {
            core::io::writeFileAtomically(out, result.dump(2) + "\n");
        } else {
            std::vector<pr::ExtraTensor> extra = {{"auroc", {L}, auroc},
                                                  {"accuracy", {L}, accuracy},
                                                  {"specificity", {L}, specificity},
                                                  {"C_chosen", {L}, chosenC}};
            if (request.cvFolds >= 2) {
                extra.push_back({"auroc_cv_mean", {L}, cvMean});
                extra.push_back({"auroc_cv_std", {L}, cvStd});
            }
            trained.file.metadata["assay"] = result.dump();
            pr::writeProbeFile(out, trained.file, extra);
        }
        std::cout << data.items() << " rows (" << t.split.train.size() << " train, "
                  << t.split.test.size() << " test, split " << t.split.source
                  << "), d = " << data.width() << ":";
        for (const pr::LayerProbe& lp : t.layers) {
            std::cout << "\n  layer " << lp.layer << ": AUROC " << std::fixed
                      << std::setprecision(4) << lp.auroc;
            if (request.cvFolds >= 2)
                std::cout << " (CV " << lp.aurocCvMean << " ± " << lp.aurocCvStd << ", C "
                          << std::defaultfloat << lp.C << ")";
            std::cout << std::defaultfloat;
        }
        std::cout << "\nwrote " << out << "\n";
        return 0;
    }
};

}  // namespace

void addProbeCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<ProbeCommand>();
    CLI::App* sub = app.add_subcommand(
        "probe",
        "Logistic probes of hallucinated (1) vs real (0) on every layer's hidden states: held-out "
        "AUROC, accuracy, specificity, the mass-mean and probe directions (TruthPrInt)");
    sub->add_option("--states", cmd->states,
                    "labelled hidden states: `hidden` [L,N,d] or layers.{l}.hidden [N,d], "
                    "`label` [N], optional `split`, `group`, `layer_index`")
        ->option_text("FILE");
    sub->add_flag("--demo", cmd->demo, "use the built-in demo (a small trained network's states)");
    addProbeFitOptions(sub, cmd->fit, true);
    sub->add_option("--sensitivity", cmd->sensitivity,
                    "the sensitivity at which `specificity` is read")
        ->capture_default_str();
    sub->add_option("--shard", cmd->shard,
                    "refused: a logistic fit needs every row at every step (see README "
                    "\"Running on a cluster\")")
        ->option_text("i/N");
    sub->add_option("--out,-o", cmd->out, "result: the probe file, or a JSON summary")
        ->option_text("FILE.{safetensors,npz,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
