// assay-run steer: the steering simulation (papers.md §4 Stage 4): held-out states shifted along
// the truthful direction, h + α·σ·v, scored by each layer's probe. Writes alpha [A],
// score_shift [L,A], flipped_share [L,A], flagged_share [L,A] and layer_index [L], with the
// result JSON and provenance. README "Outputs (`assay-run steer`)". Bad input: exit 2, nothing
// written.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/probes/steering.h"
#include "commands.h"
#include "probes_common.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace pr = core::probes;
namespace fs = std::filesystem;
using nlohmann::json;

struct SteerCommand {
    std::string states, probe, alpha = "-4:4:17", direction = "mass-mean", out;
    bool demo = false;

    int run() const {
        startHashing({states, probe});
        resultFormat(out);  // before any work
        requireOneInput(!states.empty(), demo, "--states");
        if (probe.empty() && !demo)
            throw core::ParameterError("--probe",
                                       "is required with --states (a file from assay-run probe)");
        if (direction != "mass-mean" && direction != "probe")
            throw core::ParameterError("--direction",
                                       "'" + direction + "' is not mass-mean or probe");
        const pr::SteeringDirection dir =
            direction == "probe" ? pr::SteeringDirection::Probe : pr::SteeringDirection::MassMean;
        const std::vector<double> alphas = pr::parseAlphaRange(alpha);
        std::optional<pr::ProbeDataset> opened;
        if (!demo) opened.emplace(pr::ProbeDataset::open(states));
        const pr::ProbeDataset& data = demo ? probesDemo().states() : *opened;
        // --demo without --probe: the demo's probes at the defaults (as `assay-run probe --demo`).
        const pr::ProbeFile file = probe.empty() ? trainProbeFile(data, pr::ProbeRequest{}).file
                                                 : pr::readProbeFile(probe);
        const std::string probeLabel =
            probe.empty() ? std::string("demo probe") : fs::path(probe).filename().string();
        if (file.width != data.width())
            throw core::InputError(
                probeLabel, "weights",
                "width " + std::to_string(file.width) +
                    " differs from the states' d = " + std::to_string(data.width()));
        const pr::ProbeSplit split = heldOutSplit(data, file);
        std::vector<std::uint8_t> labels;
        for (const std::int64_t r : split.test)
            labels.push_back(data.labels()[static_cast<std::size_t>(r)]);
        const std::vector<int> dataLayers = data.layers();
        std::vector<int> layers;
        std::vector<double> shift, flipped, flagged;
        for (int p = 0; p < static_cast<int>(dataLayers.size()); ++p) {
            const int position = file.position(dataLayers[static_cast<std::size_t>(p)]);
            if (position < 0) continue;
            data.checkFinite(p, split.test);
            const pr::SteeringCurve c = pr::steerLayer(pr::rowsOf(data.layer(p), split.test),
                                                       labels, file, position, alphas, dir);
            layers.push_back(dataLayers[static_cast<std::size_t>(p)]);
            shift.insert(shift.end(), c.scoreShift.begin(), c.scoreShift.end());
            flipped.insert(flipped.end(), c.flippedShare.begin(), c.flippedShare.end());
            flagged.insert(flagged.end(), c.flaggedShare.begin(), c.flaggedShare.end());
        }
        if (layers.empty()) {
            std::string list;
            for (const int l : file.layers) list += (list.empty() ? "" : ", ") + std::to_string(l);
            throw core::InputError(
                probeLabel, "layer_index",
                "the probe's layers (" + list + ") are not among the states' layers");
        }
        const auto L = static_cast<std::int64_t>(layers.size());
        const auto A = static_cast<std::int64_t>(alphas.size());
        json perLayer = json::array();
        for (std::int64_t l = 0; l < L; ++l) {
            const auto row = [&](const std::vector<double>& v) {
                return std::vector<double>(v.begin() + l * A, v.begin() + (l + 1) * A);
            };
            perLayer.push_back({{"layer", layers[static_cast<std::size_t>(l)]},
                                {"score_shift", row(shift)},
                                {"flipped_share", row(flipped)},
                                {"flagged_share", row(flagged)}});
        }
        json result = {{"format", "assay-steer"}, {"alpha", alphas},
                       {"direction", direction},  {"held_out", split.test.size()},
                       {"split", split.source},   {"layers", perLayer}};
        std::vector<fs::path> inputs;
        if (demo) inputs.push_back(fs::path());
        if (!states.empty()) inputs.push_back(states);
        if (!probe.empty()) inputs.push_back(probe);
        result["provenance"] =
            core::makeProvenance("steer", inputs, {{"alpha", alpha}, {"direction", direction}},
                                 demo ? probesDemoSeed() : split.seed)
                .toJson();
        writeResult(out, result, [&] {
            return std::vector<core::io::TensorToWrite>{
                f64Tensor("alpha", alphas, {A}), f64Tensor("score_shift", shift, {L, A}),
                f64Tensor("flipped_share", flipped, {L, A}),
                f64Tensor("flagged_share", flagged, {L, A}), layerIndexTensor(layers)};
        });
        std::cout << split.test.size() << " held-out rows, " << A << " values of alpha from "
                  << alphas.front() << " to " << alphas.back() << ":";
        for (std::int64_t l = 0; l < L; ++l)
            std::cout << "\n  layer " << layers[static_cast<std::size_t>(l)]
                      << ": flipped at alpha " << alphas.back() << ": " << std::fixed
                      << std::setprecision(3) << flipped[static_cast<std::size_t>(l * A + A - 1)]
                      << std::defaultfloat;
        std::cout << "\nwrote " << out << "\n";
        return 0;
    }
};

}  // namespace

void addSteerCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<SteerCommand>();
    CLI::App* sub = app.add_subcommand(
        "steer",
        "Steering simulation: held-out states moved by alpha·sigma along the truthful direction, "
        "scored by the probe (score shift, share of hallucinated states flipped)");
    sub->add_option("--states", cmd->states, "labelled hidden states (as for assay-run probe)")
        ->option_text("FILE");
    sub->add_flag("--demo", cmd->demo,
                  "use the built-in demo (its probes are trained when --probe is not given)");
    sub->add_option("--probe", cmd->probe,
                    "a probe file from assay-run probe or the Probes view's export (its split "
                    "seed and test fraction pick the held-out rows)")
        ->option_text("FILE");
    sub->add_option("--alpha", cmd->alpha, "from:to:count, or a comma list")
        ->option_text("RANGE")
        ->capture_default_str();
    sub->add_option("--direction", cmd->direction,
                    "mass-mean (direction) or probe (probe_direction)")
        ->capture_default_str();
    sub->add_option("--out,-o", cmd->out, "result file")
        ->option_text("FILE.{safetensors,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
