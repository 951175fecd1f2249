// assay-run prune: MC-Suite expert dropping (papers.md §2) on a Hugging Face MoE checkpoint with
// calibration hidden states, a routing trace (frequency criteria only) or the built-in demo.
// Writes DIR/mask.json (the kept/dropped experts per layer, the criterion values, the procedure),
// DIR/curve.json (error / task loss against sparsity, min and max, the mask's evaluation) and,
// with --export-checkpoint, the pruned checkpoint under DIR/checkpoint. Everything is computed
// and checked before the first file is written: bad input writes nothing.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/demo/prune_demo.h"
#include "assay/prune/expert_mask.h"
#include "assay/prune/moe_checkpoint.h"
#include "assay/prune/pruning_model.h"
#include "commands.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace prune = core::prune;
namespace fs = std::filesystem;
using nlohmann::json;

json nullable(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json curveJson(const prune::PruningCurve& c) {
    json points = json::array();
    for (const prune::CurvePoint& p : c.points)
        points.push_back({{"sparsity", p.sparsity},
                          {"dropped", p.dropped},
                          {"error", nullable(p.error)},
                          {"loss", nullable(p.loss)},
                          {"accuracy", nullable(p.accuracy)}});
    return {{"criterion", prune::criterionName(c.criterion)},
            {"variant", prune::variantName(c.variant)},
            {"procedure", prune::procedureName(c.procedure)},
            {"points", points}};
}

json evaluationJson(const prune::MaskEvaluation& e) {
    json j = json::object();
    if (e.hasError) {
        json per = json::object();
        for (const auto& [l, v] : e.relativeError) per[std::to_string(l)] = v;
        j["relative_error"] = per;
        j["mean_relative_error"] = e.meanRelativeError;
    }
    if (e.hasLoad) {
        json load = json::object(), cv = json::object();
        for (const auto& [l, v] : e.load) load[std::to_string(l)] = v;
        for (const auto& [l, v] : e.loadCv) cv[std::to_string(l)] = nullable(v);
        j["load"] = load;
        j["load_cv"] = cv;
    }
    if (e.hasTask) {
        j["task_loss"] = e.taskLoss;
        j["task_accuracy"] = e.taskAccuracy;
        j["domain_accuracy"] = e.domainAccuracy;
    }
    return j;
}

std::vector<int> parseLayers(const std::string& text) {
    std::vector<int> layers;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            std::size_t used = 0;
            const int l = std::stoi(item, &used);
            if (used != item.size() || l < 0) throw std::invalid_argument(item);
            layers.push_back(l);
        } catch (const std::exception&) {
            throw core::ParameterError("--layers", "'" + item +
                                                       "' is not a layer index (expected "
                                                       "decoder-layer indices like 0,3)");
        }
    }
    return layers;
}

struct PruneCommand {
    std::string checkpoint, calib, trace, out, criterion = "EAN", variant = "min",
                                               procedure = "one-shot", layers;
    bool demo = false, exportCheckpoint = false;
    double sparsity = 0.5, heldOut = 0.25;
    std::uint64_t seed = 0;

    json parameters() const {
        json p = {{"criterion", criterion},
                  {"variant", variant},
                  {"procedure", procedure},
                  {"sparsity", sparsity},
                  {"held_out", heldOut},
                  {"layers", layers},
                  {"export_checkpoint", exportCheckpoint}};
        if (demo) p["demo_seed"] = prune::PruneDemoSpec{}.seed;
        return p;
    }

    prune::PruningModel open(const prune::PruningOpenOptions& options) const {
        const int sources = int(demo) + int(!checkpoint.empty()) + int(!trace.empty());
        if (sources != 1)
            throw core::ParameterError("--checkpoint",
                                       "give one input: --checkpoint DIR --calib F, --trace T or "
                                       "--demo");
        if (!checkpoint.empty() && calib.empty())
            throw core::ParameterError("--calib",
                                       "a checkpoint needs calibration hidden states (--calib F)");
        if (checkpoint.empty() && !calib.empty())
            throw core::ParameterError("--calib", "goes with --checkpoint");
        if (demo) return prune::PruningModel::demo(prune::PruneDemoSpec{}, options);
        if (!trace.empty()) return prune::PruningModel::openTrace(trace, options);
        return prune::PruningModel::openCheckpoint(checkpoint, calib, options);
    }

    int run() const {
        startHashing({calib, trace});
        if (!(sparsity >= 0 && sparsity < 1))
            throw core::ParameterError("--sparsity",
                                       std::to_string(sparsity) + " is outside [0, 1)");
        if (!(heldOut > 0 && heldOut < 1))
            throw core::ParameterError("--held-out",
                                       std::to_string(heldOut) + " is outside (0, 1)");
        if (exportCheckpoint && checkpoint.empty())
            throw core::ParameterError("--export-checkpoint",
                                       "needs --checkpoint (the demo and traces have no weights "
                                       "to write)");
        prune::ProcedureSpec spec;
        spec.criterion = prune::criterionFromName(criterion);
        spec.variant = prune::variantFromName(variant);
        spec.procedure = prune::procedureFromName(procedure);
        spec.sparsity = sparsity;
        spec.seed = seed;
        prune::PruningOpenOptions options;
        options.layers = parseLayers(layers);
        options.heldOutFraction = heldOut;
        options.seed = seed;
        const prune::PruningModel model = open(options);
        const prune::MoeConfig& cfg = model.config();
        if (const std::string why = model.unavailableReason(spec.criterion); !why.empty())
            throw core::ParameterError("--criterion", criterion +
                                                          " is not available for this "
                                                          "input: " +
                                                          why);
        const prune::ExpertMask mask = prune::prune(model, spec);
        if (exportCheckpoint) {
            const int count = mask.uniformKeptCount();
            if (count < 0 ||
                (count != cfg.numExperts && model.layers().size() < cfg.moeLayers.size()))
                throw core::ParameterError(
                    "--export-checkpoint",
                    "the mask keeps different numbers of experts in different layers (layers "
                    "not in --layers keep all " +
                        std::to_string(cfg.numExperts) +
                        "), and Hugging Face configs hold one expert count for every layer");
        }
        // Curves: the chosen criterion's min and max variants under the chosen procedure.
        json curves = json::array();
        for (prune::Variant v : {prune::Variant::Min, prune::Variant::Max})
            curves.push_back(
                curveJson(prune::pruningCurve(model, spec.criterion, v, spec.procedure)));
        const prune::MaskEvaluation full = prune::evaluateMask(
            model, prune::ExpertMask::full(cfg.numExperts, cfg.topK, model.layers()));
        const prune::MaskEvaluation pruned = prune::evaluateMask(model, mask);

        const core::Provenance prov =
            core::makeProvenance("prune", model.inputFiles(), parameters(), seed);
        const fs::path dir(out);
        if (exportCheckpoint) {
            prune::MoeCheckpoint::open(checkpoint).exportPruned(mask, dir / "checkpoint");
            std::cout << "wrote " << (dir / "checkpoint").string() << " (pruned checkpoint)\n";
        }
        // mask.json in the mask format (it loads back into the editor), with the provenance.
        const fs::path maskPath = dir / "mask.json";
        prune::writeExpertMask(mask, maskPath);
        json maskJson = json::parse(std::ifstream(maskPath));
        maskJson["provenance"] = prov.toJson();
        writeResult(maskPath.string(), maskJson, {});
        json curve = {{"format", "assay-pruning-curve"},
                      {"num_experts", cfg.numExperts},
                      {"top_k", cfg.topK},
                      {"layers", model.layers()},
                      {"curves", curves},
                      {"full_model", evaluationJson(full)},
                      {"mask", evaluationJson(pruned)},
                      {"provenance", prov.toJson()}};
        if (model.hasTaskLoss()) curve["domain_names"] = model.domainNames();
        writeResult((dir / "curve.json").string(), curve, {});
        std::cout << prune::variantName(spec.variant) << "-" << criterion << " " << procedure
                  << " at sparsity " << sparsity << ": kept "
                  << mask.layers.begin()->second.keptCount() << " of " << cfg.numExperts
                  << " experts per layer";
        if (pruned.hasError) std::cout << ", mean relative error " << pruned.meanRelativeError;
        if (pruned.hasTask) std::cout << ", task loss " << pruned.taskLoss;
        std::cout << "\nwrote " << maskPath.string() << " and " << (dir / "curve.json").string()
                  << "\n";
        return 0;
    }
};

}  // namespace

void addPruneCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<PruneCommand>();
    CLI::App* sub = app.add_subcommand(
        "prune",
        "MC-Suite expert dropping: score experts by a criterion (EWS RWN WSR EWN EUF ECC EVTC ETS "
        "EAS EAE EAO EAN EGS EGE EGO EGN), drop a share of each layer's experts one-shot, "
        "iteratively or with lottery fine-tuning (demo), and write DIR/mask.json, DIR/curve.json "
        "and, with --export-checkpoint, the pruned checkpoint DIR/checkpoint");
    sub->add_option("--checkpoint", cmd->checkpoint,
                    "Hugging Face MoE checkpoint folder (config.json + safetensors)")
        ->option_text("DIR");
    sub->add_option("--calib", cmd->calib,
                    "calibration hidden states of the checkpoint (layers.{l}.hidden [T,d])")
        ->option_text("FILE");
    sub->add_option("--trace", cmd->trace,
                    "routing trace instead (frequency criteria EUF, ECC, EVTC, ETS only)");
    sub->add_flag("--demo", cmd->demo, "use the built-in demo MoE (trained from a seed)");
    sub->add_option("--criterion", cmd->criterion, "the criterion")->capture_default_str();
    sub->add_option("--variant", cmd->variant, "min or max: which end is dropped")
        ->capture_default_str();
    sub->add_option("--procedure", cmd->procedure, "one-shot, iterative or lottery (demo)")
        ->capture_default_str();
    sub->add_option("--sparsity", cmd->sparsity,
                    "share of each layer's experts dropped, rounded; at least k stay")
        ->capture_default_str();
    sub->add_option("--layers", cmd->layers,
                    "decoder layers to prune, e.g. 0,3 (default: every MoE layer)")
        ->option_text("N,...");
    sub->add_option("--held-out", cmd->heldOut,
                    "share of calibration tokens held out for evaluation")
        ->capture_default_str();
    sub->add_option("--seed", cmd->seed, "seed of the held-out split")->capture_default_str();
    sub->add_flag("--export-checkpoint", cmd->exportCheckpoint,
                  "also write the pruned checkpoint to DIR/checkpoint (needs one kept count for "
                  "every layer)");
    sub->add_option("--out,-o", cmd->out, "output folder")->option_text("DIR")->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
