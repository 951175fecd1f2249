// assay-run c2r: collaboration-constrained routing on a trace's router logits (deviation from
// vanilla top-k, the T sweep), expert placement on G devices and the dispatch volumes it implies.
// With --collab and no trace: what the matrices alone give (collaboration_analysis.h).
// assay-run moe-demo: trains the Experts view's demo MoE and writes its routing trace.
#include <iostream>
#include <memory>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/demo/moe_demo.h"
#include "assay/io/safetensors.h"
#include "assay/moe/c2r_analysis.h"
#include "assay/moe/collaboration_analysis.h"
#include "assay/moe/collaboration_export.h"
#include "assay/moe/collaboration_file.h"
#include "assay/moe/trace_loader.h"
#include "commands.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace moe = core::moe;
using nlohmann::json;

json toJson(const moe::RoutingDeviation& d) {
    return {{"changed_share", d.changedShare},
            {"kept_weight_mass", d.keptWeightMass},
            {"kept_prob_mass", d.keptProbMass},
            {"distinct_sets", d.distinctSets}};
}

// A mean over L layers: distinct sets do not average like shares (meanOf sums them), so both
// the total over layers and the mean per layer are written, each named for what it is.
json meanJson(const moe::RoutingDeviation& d, std::size_t layers) {
    return {{"changed_share", d.changedShare},
            {"kept_weight_mass", d.keptWeightMass},
            {"kept_prob_mass", d.keptProbMass},
            {"distinct_sets_total", d.distinctSets},
            {"distinct_sets_mean",
             layers ? static_cast<double>(d.distinctSets) / static_cast<double>(layers) : 0.0}};
}

// The outputs that need router logits, said in the result and on the terminal.
const char* kNeedsTrace =
    "the routing deviation, the T sweep, V_C2R and V_C2R,consistent need a routing trace with "
    "router logits (--trace): C2R re-routes every token from its logits";

json toJson(const moe::DispatchVolume& v) {
    return {{"copies", v.copies},
            {"bytes", v.bytes},
            {"max_device_bytes", v.maxDeviceBytes},
            {"seconds_estimate", v.secondsEstimate}};
}

// The placement's parameters, which both result forms (trace and matrices alone) start with.
json placementJson(const moe::C2rParams& p) {
    return {{"devices", p.devices},
            {"method", moe::placementMethodName(p.placement)},
            {"hidden", p.comm.hidden},
            {"element_bytes", p.comm.elementBytes},
            {"bandwidth_gbps", p.comm.bandwidthGBps},
            {"latency_us", p.comm.latencyUs},
            {"layers", json::array()}};
}

json toJson(const moe::C2rAnalysis& a, const moe::C2rParams& p) {
    json j = {
        {"num_experts", a.n},
        {"top_k", a.k},
        {"T", a.topT},
        {"variant", moe::c2rVariantName(p.routing.variant)},
        {"normalise", p.routing.normalise},
        {"deviation",
         {{"mean", meanJson(a.meanDeviation, a.deviation.size())}, {"layers", json::array()}}},
        {"t_sweep", json::array()}};
    for (const auto& d : a.deviation) j["deviation"]["layers"].push_back(toJson(d));
    for (const auto& s : a.sweep) {
        json point = meanJson(s.mean, s.layers.size());
        point["T"] = s.topT;
        if (p.devices > 0) point["c2r_bytes"] = s.c2rBytes;
        j["t_sweep"].push_back(point);
    }
    if (p.devices > 0) {
        json c = placementJson(p);
        c.update({{"note",
                   "volumes count one direction (dispatch; combine returns the same); token t's "
                   "home device is "
                   "t mod G; seconds are ESTIMATES: latency * (G-1) + busiest device's bytes / "
                   "bandwidth"}});
        for (const auto& l : a.communication) {
            json layer = {{"device_of", l.placement.deviceOf},
                          {"intra_group_share", l.intraGroupShare},
                          {"naive", toJson(l.naive)},
                          {"dedup", toJson(l.dedup)},
                          {"c2r", toJson(l.c2r)}};
            if (l.hasConsistent) layer["c2r_consistent"] = toJson(l.c2rConsistent);
            c["layers"].push_back(layer);
        }
        j["placement"] = c;
    }
    return j;
}

std::vector<core::io::TensorToWrite> tensorsOf(const moe::C2rAnalysis& a) {
    namespace io = core::io;
    std::vector<io::TensorToWrite> t;
    const auto L = static_cast<std::int64_t>(a.deviation.size());
    std::vector<double> dev, sweep, vol;
    std::vector<std::int64_t> devices, ts;
    for (const auto& d : a.deviation)
        dev.insert(dev.end(), {d.changedShare, d.keptWeightMass, d.keptProbMass});
    t.push_back(io::tensorFromDoubles("deviation", dev, {L, 3}));
    for (const auto& s : a.sweep) {
        ts.push_back(s.topT);
        sweep.insert(sweep.end(),
                     {s.mean.changedShare, s.mean.keptWeightMass, s.mean.keptProbMass, s.c2rBytes});
    }
    t.push_back(io::tensorFromInt64("t_sweep_T", ts, {static_cast<std::int64_t>(ts.size())}));
    t.push_back(io::tensorFromDoubles("t_sweep", sweep, {static_cast<std::int64_t>(ts.size()), 4}));
    if (!a.communication.empty()) {
        for (const auto& l : a.communication) {
            devices.insert(devices.end(), l.placement.deviceOf.begin(), l.placement.deviceOf.end());
            vol.insert(vol.end(), {l.naive.bytes, l.dedup.bytes, l.c2r.bytes,
                                   l.hasConsistent ? l.c2rConsistent.bytes : -1.0});
        }
        t.push_back(io::tensorFromInt64("device_of", devices, {L, a.n}));
        t.push_back(io::tensorFromDoubles("dispatch_bytes", vol, {L, 4}));
    }
    return t;
}

json toJson(const moe::CollabOnlyAnalysis& a, const moe::C2rParams& p) {
    json j = {{"input", "collaboration matrices only (no routing trace)"},
              {"num_experts", a.n},
              {"top_k", a.k},
              {"T", a.topT},
              {"symmetric", a.symmetric},
              {"needs_trace", kNeedsTrace},
              {"layers", json::array()}};
    if (!a.symmetric)
        j["note"] =
            "the matrices are not symmetric: pair counts for placement and volumes are "
            "(C + C^T) / 2";
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const moe::CollabOnlyLayer& x = a.layers[l];
        j["layers"].push_back({{"layer", l},
                               {"tokens", x.tokens},
                               {"entropy", x.stats.entropy},
                               {"entropy_threshold", x.stats.threshold},
                               {"concentration", x.stats.concentration},
                               {"collaborative", x.stats.collaborative},
                               {"top_partners", x.partners}});
    }
    j["top_partners_note"] = "row-major [n, T]; -1 = no further partner with a count above 0";
    if (p.devices > 0) {
        json c = placementJson(p);
        c.update({{"volumes",
                   a.volumesExact
                       ? "from pair counts: exact for k = 2 (each token is one pair), as the "
                         "expectation over a uniformly drawn home device"
                       : "from pair counts: naive exact, dedup an ESTIMATE for k > 2 (a token's "
                         "expert set is not recoverable from pairs; a lower bound when a token "
                         "has three experts on one device), over a uniformly drawn home device"},
                  {"note", "volumes count one direction (dispatch); seconds are ESTIMATES"}});
        for (const moe::CollabOnlyLayer& l : a.layers)
            c["layers"].push_back({{"device_of", l.placement.deviceOf},
                                   {"intra_group_share", l.intraGroupShare},
                                   {"naive", toJson(l.naive)},
                                   {"dedup", toJson(l.dedup)}});
        j["placement"] = c;
    }
    return j;
}

std::vector<core::io::TensorToWrite> tensorsOf(const moe::CollabOnlyAnalysis& a,
                                               const std::vector<moe::Coactivation>& layers) {
    namespace io = core::io;
    const auto L = static_cast<std::int64_t>(a.layers.size());
    std::vector<double> entropy, conditional, bytes;
    std::vector<std::int64_t> partners, collaborative, devices;
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const moe::CollabOnlyLayer& x = a.layers[l];
        entropy.insert(entropy.end(), x.stats.entropy.begin(), x.stats.entropy.end());
        partners.insert(partners.end(), x.partners.begin(), x.partners.end());
        collaborative.insert(collaborative.end(), x.stats.collaborative.begin(),
                             x.stats.collaborative.end());
        const std::vector<double> p = moe::normalise(layers[l], moe::Normalisation::Conditional);
        conditional.insert(conditional.end(), p.begin(), p.end());
        devices.insert(devices.end(), x.placement.deviceOf.begin(), x.placement.deviceOf.end());
        bytes.insert(bytes.end(), {x.naive.bytes, x.dedup.bytes});
    }
    std::vector<io::TensorToWrite> t = {
        io::tensorFromDoubles("entropy", entropy, {L, a.n}),
        io::tensorFromDoubles("conditional", conditional, {L, a.n, a.n}),
        io::tensorFromInt64("top_partners", partners, {L, a.n, a.topT}),
        io::tensorFromInt64("collaborative", collaborative, {L, a.n})};
    if (!devices.empty()) {
        t.push_back(io::tensorFromInt64("device_of", devices, {L, a.n}));
        t.push_back(io::tensorFromDoubles("dispatch_bytes", bytes, {L, 2}));
    }
    return t;
}

struct C2rCommand {
    std::string trace, out, variant = "qwen", placement = "greedy", collab, exportPath;
    bool demo = false, normalise = false, noSweep = false;
    int topK = 0;  // k of a collaboration file read without a trace (0 = 2)
    moe::C2rParams params;

    json parameters() const {
        json p = {{"collab", collab},
                  {"T", params.topT},
                  {"variant", variant},
                  {"normalise", normalise},
                  {"devices", params.devices},
                  {"placement", placement},
                  {"hidden", params.comm.hidden},
                  {"bytes", params.comm.elementBytes},
                  {"bandwidth_gbps", params.comm.bandwidthGBps},
                  {"latency_us", params.comm.latencyUs}};
        if (demo) p["demo_seed"] = moe::MoeDemoSpec{}.seed;
        if (trace.empty() && !demo) p["top_k"] = topK > 0 ? topK : 2;
        return p;
    }

    // Every file the result depends on is hashed: the trace (or the demo) and the matrices.
    std::vector<std::filesystem::path> inputs() const {
        std::vector<std::filesystem::path> in;
        if (demo || !trace.empty())
            in.push_back(demo ? std::filesystem::path() : std::filesystem::path(trace));
        if (!collab.empty()) in.push_back(collab);
        return in;
    }

    void writeExport(const std::vector<moe::Coactivation>& layers,
                     const core::Provenance& provenance) const {
        if (exportPath.empty()) return;
        const std::filesystem::path path(exportPath);
        std::error_code ec;
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            throw core::OutputError(path.parent_path().string() +
                                    ": cannot create the folder: " + ec.message());
        moe::exportAllLayers(layers, exportPath, {{"assay", provenance.toJson().dump()}});
        std::cout << "wrote " << exportPath << " (P(j|i) and entropy of every layer)\n";
    }

    int runCollabOnly() {
        const auto layers = moe::loadCollaboration(collab);
        moe::CollabOnlyParams cp;
        cp.topT = params.topT;
        cp.k = topK > 0 ? topK : 2;
        cp.devices = params.devices;
        cp.placement = params.placement;
        cp.seed = params.seed;
        cp.comm = params.comm;
        const moe::CollabOnlyAnalysis a = moe::analyzeCollaborationOnly(layers, cp);
        json result = toJson(a, params);
        const core::Provenance prov =
            core::makeProvenance("c2r", inputs(), parameters(), params.seed);
        result["provenance"] = prov.toJson();
        writeResult(out, result, [&] { return tensorsOf(a, layers); });
        writeExport(layers, prov);
        std::cout << "collaboration matrices only: " << a.layers.size() << " layers x " << a.n
                  << " experts; entropy, Top-" << a.topT << " partners and roles";
        if (params.devices > 0)
            std::cout << "; placement on " << params.devices << " devices and dispatch volumes ("
                      << (a.volumesExact ? "exact for k = 2" : "ESTIMATES for k > 2") << ")";
        std::cout << "\nnot computed: " << kNeedsTrace << "\nwrote " << out << "\n";
        return 0;
    }

    int run() {
        startHashing({trace, collab});  // the provenance's hashes overlap the analysis
        if (demo && !trace.empty())
            throw core::ParameterError("--trace", "give a trace file or --demo, not both");
        if (!demo && trace.empty() && collab.empty())
            throw core::ParameterError(
                "--trace", "give a trace file, --demo, or --collab (matrices alone: see --help)");
        if (topK != 0 && (demo || !trace.empty()))
            throw core::ParameterError("--top-k",
                                       "is for --collab without a trace (a trace has its own k)");
        params.routing = {moe::c2rVariantFromName(variant), normalise};
        params.placement = moe::placementMethodFromName(placement);
        params.sweep = !noSweep;
        resultFormat(out);  // before any work
        if (!exportPath.empty() && collab.empty())
            throw core::ParameterError("--export", "exports the matrices of --collab: give one");
        const std::string exportExt = std::filesystem::path(exportPath).extension().string();
        if (!exportPath.empty() && exportExt != ".csv" && exportExt != ".safetensors")
            throw core::ParameterError("--export",
                                       "'" + exportPath + "' must end in .csv or .safetensors");
        if (!demo && trace.empty()) return runCollabOnly();
        const moe::RoutingTrace tr = demo ? moe::makeMoeDemo().trace : moe::loadTrace(trace);
        std::vector<moe::Coactivation> layers;
        if (!collab.empty()) {
            // Precomputed lists (e.g. C2R's profiling) instead of counting the trace's own routing.
            layers = moe::loadCollaboration(collab);
            if (layers.size() != tr.layers.size() || layers.front().n != tr.numExperts)
                throw core::InputError(
                    std::filesystem::path(collab).filename().string(), "collaboration",
                    "has " + std::to_string(layers.size()) + " layers of " +
                        std::to_string(layers.front().n) + " experts, the trace " +
                        std::to_string(tr.layers.size()) + " of " + std::to_string(tr.numExperts));
            params.collaboration = moe::collaborationAsDoubles(layers);
        }
        const moe::C2rAnalysis a = moe::analyzeC2r(tr, params);
        json result = toJson(a, params);
        result["trace"] = {{"model", tr.model},
                           {"layers", tr.layers.size()},
                           {"tokens", tr.layers.empty() ? 0 : tr.layers[0].tokens}};
        const core::Provenance prov =
            core::makeProvenance("c2r", inputs(), parameters(), params.seed);
        result["provenance"] = prov.toJson();
        writeResult(out, result, [&a] { return tensorsOf(a); });
        writeExport(layers, prov);
        std::cout << "C2R T=" << params.topT << " (" << variant
                  << "): " << a.meanDeviation.changedShare * 100
                  << "% of tokens change their expert set, " << a.meanDeviation.keptWeightMass * 100
                  << "% of the vanilla combine weight kept\nwrote " << out << "\n";
        return 0;
    }
};

struct MoeDemoCommand {
    std::string out;
    moe::MoeDemoSpec spec;

    int run() const {
        if (std::filesystem::path(out).extension() != ".safetensors")
            throw core::ParameterError("--out", "'" + out + "' must end in .safetensors");
        const moe::MoeDemo d = moe::makeMoeDemo(spec);
        moe::writeRoutingTrace(d.trace, out);
        std::cout << "trained " << spec.trainSteps << " steps (loss " << d.loss.front() << " -> "
                  << d.loss.back() << "); wrote " << d.trace.layers.size() << " layers x "
                  << spec.traceTokens << " tokens to " << out << "\n";
        return 0;
    }
};

}  // namespace

void addC2rCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<C2rCommand>();
    CLI::App* sub = app.add_subcommand(
        "c2r",
        "collaboration-constrained routing (C2R) on router logits: deviation from vanilla top-k, "
        "the T sweep, and with --devices an expert placement and its all-to-all dispatch volume "
        "(time = estimate). With --collab alone (no trace): partner entropy, Top-T partners, "
        "roles, and with --devices the placement and V_naive / V_dedup from pair counts (exact "
        "for k = 2, estimates for k > 2); the deviation, the T sweep and V_C2R need a trace");
    sub->add_option("--trace", cmd->trace,
                    "routing trace (.safetensors) with layers.{l}.router_logits");
    sub->add_flag("--demo", cmd->demo, "use the built-in demo (a small MoE trained from a seed)");
    sub->add_option("--collab", cmd->collab,
                    "precomputed collaboration counts [L,n,n] (.npy/.npz/.safetensors): the "
                    "Top-T lists with a trace, the whole analysis without one");
    sub->add_option("--top-k", cmd->topK,
                    "experts per token of the model behind --collab, without a trace (default 2)");
    sub->add_option("--export", cmd->exportPath,
                    "also write P(j|i) and entropy of every layer of --collab (.csv/.safetensors)");
    sub->add_option("--top-t,--T", cmd->params.topT,
                    "Top-T collaborators per expert, k-1 <= T <= n-1 (--T: earlier spelling)")
        ->capture_default_str();
    sub->add_option("--variant", cmd->variant,
                    "qwen (weights = softmax over n) or llama (softmax over the k selected)")
        ->capture_default_str();
    // --normalise was this flag's earlier spelling; `coactivation --normalise` names a
    // normalisation.
    sub->add_flag("--renormalise,--normalise", cmd->normalise,
                  "qwen: renormalise the k weights to sum 1 (--normalise: earlier spelling)");
    sub->add_flag("--no-sweep", cmd->noSweep, "skip the sweep over T = k-1 .. n-1");
    sub->add_option("--devices,-G", cmd->params.devices, "devices G for the placement (0 = none)")
        ->capture_default_str();
    sub->add_option("--placement", cmd->placement, "greedy, contiguous or random")
        ->capture_default_str();
    sub->add_option("--seed", cmd->params.seed, "seed of the random placement")
        ->capture_default_str();
    sub->add_option("--hidden", cmd->params.comm.hidden,
                    "hidden size d (elements per token vector)")
        ->capture_default_str();
    sub->add_option("--bytes", cmd->params.comm.elementBytes, "bytes per element")
        ->capture_default_str();
    sub->add_option("--bandwidth", cmd->params.comm.bandwidthGBps,
                    "link bandwidth per device, GB/s")
        ->capture_default_str();
    sub->add_option("--latency", cmd->params.comm.latencyUs, "latency per message, microseconds")
        ->capture_default_str();
    sub->add_option("--out,-o", cmd->out,
                    "result file: .json, or .safetensors (tensors + JSON metadata)")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

void addMoeDemoCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<MoeDemoCommand>();
    CLI::App* sub = app.add_subcommand("moe-demo",
                                       "train the Experts view's demo MoE (seconds, CPU) and write "
                                       "its routing trace with domains (.safetensors)");
    sub->add_option("--seed", cmd->spec.seed, "seed")->capture_default_str();
    sub->add_option("--layers", cmd->spec.layers, "MoE layers (1..8)")->capture_default_str();
    sub->add_option("--steps", cmd->spec.trainSteps, "training steps (0 = untrained)")
        ->capture_default_str();
    sub->add_option("--tokens", cmd->spec.traceTokens, "tokens in the trace (1 or more)")
        ->capture_default_str();
    sub->add_option("--experts", cmd->spec.experts, "experts n per layer (2..256)")
        ->capture_default_str();
    sub->add_option("--top-k", cmd->spec.topK, "experts k per token (1..n)")->capture_default_str();
    sub->add_option("--domains", cmd->spec.domains, "domains of the synthetic task (2..16)")
        ->capture_default_str();
    sub->add_option("--out,-o", cmd->out, "trace file (.safetensors)")->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
