// assay-run transfer: ComnHallu-style cross-model transfer (papers.md §4): PCA subspaces of rank
// r on both models' paired states, orthogonal Procrustes between them, the source's probe on the
// aligned target. Writes auroc [L] (source probe on the aligned target), auroc_direct [L] (the
// target's own probe), auroc_source [L], auroc_unaligned [L] (NaN when widths differ),
// alignment_residual [L], procrustes [L,r,r], layer_index [L], with the result JSON and
// provenance. README "Outputs (`assay-run transfer`)". Bad input: exit 2, nothing written.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/probes/subspace_transfer.h"
#include "commands.h"
#include "probes_common.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace pr = core::probes;
namespace fs = std::filesystem;
using nlohmann::json;

struct TransferCommand {
    std::string source, target, out;
    bool demo = false;
    int rank = 64;
    CLI::Option* rankOption = nullptr;
    ProbeFitOptions fit;

    int run() const {
        startHashing({source, target});
        resultFormat(out);
        requireOneInput(!source.empty() || !target.empty(), demo, "--source");
        if (!demo && (source.empty() || target.empty()))
            throw core::ParameterError(source.empty() ? "--source" : "--target",
                                       "is required (the paired states of the other model)");
        const pr::ProbeRequest probe = probeRequest(fit);
        std::optional<pr::ProbeDataset> a, b;
        if (!demo) {
            a.emplace(pr::ProbeDataset::open(source));
            b.emplace(pr::ProbeDataset::open(target));
        }
        const pr::ProbeDataset& src = demo ? probesDemo().states() : *a;
        const pr::ProbeDataset& tgt = demo ? probesDemo().secondStates() : *b;
        pr::TransferRequest request;
        request.logistic = probe.logistic;
        request.layers = probe.layers;
        request.testFraction = probe.testFraction;
        request.seed = probe.seed;
        // Without --rank, the default 64 is capped by the narrower model (the demo's is 48).
        request.rank = rankOption->count() ? rank
                                           : static_cast<int>(std::min<std::int64_t>(
                                                 rank, std::min(src.width(), tgt.width())));
        if (request.rank < 1)
            throw core::ParameterError("--rank", std::to_string(request.rank) + " is below 1");
        const pr::TransferResult t = pr::transferProbes(src, tgt, request);
        const auto L = static_cast<std::int64_t>(t.layers.size());
        const std::int64_t r = t.rank;
        std::vector<int> layers;
        std::vector<double> auroc, direct, own, unaligned, residual, procrustes;
        json perLayer = json::array();
        for (const pr::TransferLayer& l : t.layers) {
            layers.push_back(l.layer);
            auroc.push_back(l.auroc);
            direct.push_back(l.aurocDirect);
            own.push_back(l.aurocSource);
            unaligned.push_back(l.aurocUnaligned);
            residual.push_back(l.alignmentResidual);
            procrustes.insert(procrustes.end(), l.procrustes.begin(), l.procrustes.end());
            perLayer.push_back({{"layer", l.layer},
                                {"auroc", l.auroc},
                                {"auroc_direct", l.aurocDirect},
                                {"auroc_source", l.aurocSource},
                                {"auroc_unaligned", finiteOrNull(l.aurocUnaligned)},
                                {"alignment_residual", l.alignmentResidual}});
        }
        json result = {{"format", "assay-transfer"},
                       {"rank", r},
                       {"source_width", src.width()},
                       {"target_width", tgt.width()},
                       {"split",
                        {{"source", t.split.source},
                         {"seed", t.split.seed},
                         {"train", t.split.train.size()},
                         {"test", t.split.test.size()}}},
                       {"layers", perLayer}};
        json parameters = probeFitParameters(fit, false);
        parameters["rank"] = request.rank;
        const std::vector<fs::path> inputs =
            demo ? std::vector<fs::path>{fs::path()} : std::vector<fs::path>{source, target};
        result["provenance"] =
            core::makeProvenance("transfer", inputs, parameters, demo ? probesDemoSeed() : fit.seed)
                .toJson();
        writeResult(out, result, [&] {
            return std::vector<core::io::TensorToWrite>{
                f64Tensor("auroc", auroc, {L}),
                f64Tensor("auroc_direct", direct, {L}),
                f64Tensor("auroc_source", own, {L}),
                f64Tensor("auroc_unaligned", unaligned, {L}),
                f64Tensor("alignment_residual", residual, {L}),
                f64Tensor("procrustes", procrustes, {L, r, r}),
                layerIndexTensor(layers)};
        });
        std::cout << "rank " << r << ", d " << src.width() << " -> " << tgt.width() << ":";
        for (const pr::TransferLayer& l : t.layers)
            std::cout << "\n  layer " << l.layer << ": transfer AUROC " << std::fixed
                      << std::setprecision(4) << l.auroc << " (target's own " << l.aurocDirect
                      << ")" << std::defaultfloat;
        std::cout << "\nwrote " << out << "\n";
        return 0;
    }
};

}  // namespace

void addTransferCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<TransferCommand>();
    CLI::App* sub = app.add_subcommand(
        "transfer",
        "Cross-model transfer (ComnHallu): PCA subspaces, orthogonal Procrustes from paired "
        "states, the source model's probe on the aligned target model");
    sub->add_option("--source", cmd->source, "labelled states of the source model")
        ->option_text("FILE");
    sub->add_option("--target", cmd->target,
                    "labelled states of the target model for the same items (paired rows)")
        ->option_text("FILE");
    sub->add_flag("--demo", cmd->demo, "use the built-in demo (two differently seeded networks)");
    cmd->rankOption =
        sub->add_option("--rank", cmd->rank, "PCA rank r (default 64, at most the narrower width)");
    addProbeFitOptions(sub, cmd->fit, false);
    sub->add_option("--out,-o", cmd->out, "result file")
        ->option_text("FILE.{safetensors,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
