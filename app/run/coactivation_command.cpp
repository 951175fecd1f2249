// assay-run coactivation: co-activation counts, usage, partner entropy and Top-T concentration per
// MoE layer of a routing trace, streamed from the memory-mapped file.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/io/safetensors.h"
#include "assay/moe/coactivation.h"
#include "assay/moe/expert_stats.h"
#include "assay/moe/trace_loader.h"
#include "commands.h"
#include "partial_file.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace moe = core::moe;

struct LayerResult {
    int layer = 0;
    moe::Coactivation counts;
    moe::ExpertStats stats;
    std::vector<double> normalised;  // empty for raw
};

struct CoactivationCommand {
    std::string trace;
    std::vector<int> layers;
    std::string normalise = "raw";
    int topT = 0;
    double threshold = -1.0;
    std::string shard;
    bool mpi = false;
    std::string out;

    nlohmann::json parameters(int topTUsed) const {
        nlohmann::json p = {{"layers", layers}, {"normalise", normalise}, {"top_t", topTUsed}};
        p["threshold"] = threshold >= 0.0 ? nlohmann::json(threshold)
                                          : nlohmann::json("layer median of entropy");
        return p;
    }

    // Everything after the counts: the same for a whole run and a merge of its parts.
    std::vector<LayerResult> finish(std::vector<moe::Coactivation> counts, int topTUsed) const {
        const moe::Normalisation how = moe::normalisationFromName(normalise);
        std::vector<LayerResult> results;
        for (std::size_t i = 0; i < layers.size(); ++i) {
            LayerResult r;
            r.layer = layers[i];
            r.counts = std::move(counts[i]);
            r.stats = moe::expertStats(
                r.counts, topTUsed,
                threshold >= 0.0 ? std::optional<double>(threshold) : std::nullopt);
            if (how != moe::Normalisation::Raw) r.normalised = moe::normalise(r.counts, how);
            results.push_back(std::move(r));
        }
        return results;
    }

    std::vector<core::io::TensorToWrite> tensorsOf(const std::vector<LayerResult>& results,
                                                   int n) const {
        std::vector<core::io::TensorToWrite> t;
        for (const LayerResult& r : results) {
            const std::string p = "layers." + std::to_string(r.layer) + ".";
            std::vector<std::int64_t> usage(static_cast<std::size_t>(n)),
                collab(r.stats.collaborative.begin(), r.stats.collaborative.end());
            for (int i = 0; i < n; ++i) usage[static_cast<std::size_t>(i)] = r.counts.usage(i);
            t.push_back(core::io::tensorFromInt64(p + "coactivation", r.counts.counts, {n, n}));
            t.push_back(core::io::tensorFromInt64(p + "usage", usage, {n}));
            t.push_back(core::io::tensorFromDoubles(p + "entropy", r.stats.entropy, {n}));
            t.push_back(
                core::io::tensorFromDoubles(p + "concentration", r.stats.concentration, {n}));
            t.push_back(core::io::tensorFromInt64(p + "collaborative", collab, {n}));
            t.push_back(core::io::tensorFromInt64(
                p + "top_partners",
                std::vector<std::int64_t>(r.stats.topPartners.begin(), r.stats.topPartners.end()),
                {n, r.stats.topT}));
            if (!r.normalised.empty())
                t.push_back(core::io::tensorFromDoubles(p + normalise, r.normalised, {n, n}));
        }
        return t;
    }

    static nlohmann::json layerJson(const LayerResult& r, bool withArrays) {
        nlohmann::json j = {{"layer", r.layer},
                            {"tokens", r.counts.tokens},
                            {"entropy_threshold", r.stats.threshold}};
        if (!withArrays) return j;
        const int n = r.counts.n;
        std::vector<std::int64_t> usage;
        for (int i = 0; i < n; ++i) usage.push_back(r.counts.usage(i));
        j["coactivation"] = r.counts.counts;
        j["usage"] = usage;
        j["entropy"] = r.stats.entropy;
        j["concentration"] = r.stats.concentration;
        j["collaborative"] = r.stats.collaborative;
        j["top_partners"] = r.stats.topPartners;
        if (!r.normalised.empty()) j["normalised"] = r.normalised;
        return j;
    }

    int run() {
        return runSplit(shard, mpi, [this](const RunSplit& split) { return runOn(split); });
    }

    int runOn(const RunSplit& split) {
        if (split.writes()) startHashing({trace});  // the provenance's hash overlaps the counting
        if (split.shard) requirePartialOut(out);
        const bool json = !split.shard && resultFormat(out) == ResultFormat::Json;  // before work
        moe::normalisationFromName(normalise);
        // Only the layers asked for are opened: the rest of the file is neither checked nor read.
        const moe::TraceSource src = moe::TraceSource::open(trace, layers);
        const int n = src.numExperts();
        if (layers.empty())
            for (int l = 0; l < src.layerCount(); ++l) layers.push_back(l);
        const int topTUsed = topT > 0 ? topT : std::max(1, std::min(src.k(), n - 1));
        // Checked here, not only in expertStats: a shard never gets there, and a bad --top-t
        // would otherwise surface at the merge, after every array task had run.
        if (n > 1 && (topTUsed < 1 || topTUsed > n - 1))
            throw core::ParameterError(
                "--top-t",
                std::to_string(topTUsed) + " is outside [1, n−1 = " + std::to_string(n - 1) + "]");
        if (split.writes())
            for (const std::string& w : src.warnings())
                std::cerr << "assay-run: warning: " << w << "\n";
        const core::RowRange rows = core::shardRows(split.part(), src.tokens());
        std::vector<moe::Coactivation> counts;
        for (int l : layers) counts.push_back(moe::coactivation(src, l, rows));
        double sumSeconds = 0;
        if (split.ranks) sumSeconds = sumOverRanks(*split.ranks, counts, src.tokens());
        if (!split.writes()) return 0;
        const nlohmann::json summary = {{"num_experts", n},
                                        {"top_k", src.k()},
                                        {"model", src.model()},
                                        {"warnings", src.warnings()}};
        const core::Provenance prov = core::makeProvenance(
            "coactivation", {std::filesystem::path(trace)}, parameters(topTUsed), 0);
        if (split.shard) {
            core::PartialHeader h{"coactivation", prov.parameters, *split.shard, rows,
                                  src.tokens(),   prov.inputs,     summary};
            std::vector<core::io::TensorToWrite> t;
            for (std::size_t i = 0; i < layers.size(); ++i)
                t.push_back(core::io::tensorFromInt64(
                    "layers." + std::to_string(layers[i]) + ".coactivation", counts[i].counts,
                    {n, n}));
            writePartial(out, h, t);
            std::cout << "shard " << shard << ": tokens [" << rows.begin << ", " << rows.end
                      << ") of " << src.tokens() << ", " << layers.size() << " layer(s)\nwrote "
                      << out << "\n";
            return 0;
        }
        if (split.ranks)  // the figures a user sizes a cluster run with (README "Picking N")
            std::cout << split.ranks->size() << " MPI rank(s); allreduce of "
                      << layers.size() * static_cast<std::size_t>(n) * n * 8 << " bytes took "
                      << sumSeconds * 1e3 << " ms\n";
        return write(finish(std::move(counts), topTUsed), summary, src.tokens(), prov, json);
    }

    // One allreduce of every layer's counts: the sums the merge of N parts adds, exactly.
    // Returns its wall time.
    static double sumOverRanks(const core::Collective& ranks,
                               std::vector<moe::Coactivation>& counts, std::int64_t tokens) {
        std::vector<std::vector<std::int64_t>*> all;
        for (moe::Coactivation& c : counts) {
            all.push_back(&c.counts);
            c.tokens = tokens;
        }
        const auto t0 = std::chrono::steady_clock::now();
        ranks.sumInPlace(all);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }

    int write(const std::vector<LayerResult>& results, const nlohmann::json& summary,
              std::int64_t tokens, const core::Provenance& prov, bool json) const {
        const int n = summary.at("num_experts").get<int>();
        nlohmann::json result = {{"num_experts", n},
                                 {"top_k", summary.at("top_k")},
                                 {"tokens", tokens},
                                 {"model", summary.at("model")},
                                 {"normalisation", normalise},
                                 {"warnings", summary.at("warnings")},
                                 {"layers", nlohmann::json::array()}};
        for (const LayerResult& r : results) result["layers"].push_back(layerJson(r, json));
        result["provenance"] = prov.toJson();
        writeResult(out, result, [&] { return tensorsOf(results, n); });
        std::cout << results.size() << " layer(s), n = " << n << ", k = " << summary.at("top_k")
                  << ", T = " << tokens << "\nwrote " << out << "\n";
        return 0;
    }
};

}  // namespace

int mergeCoactivationParts(const std::vector<PartialPart>& parts, const std::string& out) {
    const core::PartialHeader& h = parts.front().header;
    CoactivationCommand cmd;
    cmd.out = out;
    const bool json = resultFormat(out) == ResultFormat::Json;
    const nlohmann::json& p = h.parameters;
    cmd.layers = p.at("layers").get<std::vector<int>>();
    cmd.normalise = p.at("normalise").get<std::string>();
    if (p.at("threshold").is_number()) cmd.threshold = p.at("threshold").get<double>();
    const int n = h.summary.at("num_experts").get<int>(), k = h.summary.at("top_k").get<int>();
    std::vector<moe::Coactivation> counts;
    for (int l : cmd.layers) {
        std::vector<moe::Coactivation> shards;
        for (const PartialPart& part : parts) {
            moe::Coactivation c;
            c.n = n;
            c.k = k;
            c.counts = partInt64(part, "layers." + std::to_string(l) + ".coactivation",
                                 static_cast<std::size_t>(n) * n);
            c.tokens = part.header.rows.size();
            shards.push_back(std::move(c));
        }
        counts.push_back(moe::addCoactivations(shards));
    }
    return cmd.write(cmd.finish(std::move(counts), p.at("top_t").get<int>()), h.summary,
                     h.totalRows, mergedProvenance(parts), json);
}

void addCoactivationCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<CoactivationCommand>();
    CLI::App* sub = app.add_subcommand(
        "coactivation",
        "MoE expert co-activation per layer of a routing trace: counts C = MᵀM, usage, normalised "
        "partner entropy, Top-T concentration and partners, collaborative/specialised label");
    sub->add_option("--trace", cmd->trace,
                    "routing trace (.safetensors with layers.{l}.topk_idx or router_logits)")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--layers", cmd->layers, "layers to analyse, e.g. 0,2 (default: all)")
        ->delimiter(',');
    sub->add_option("--normalise", cmd->normalise,
                    "also write the matrix normalised as raw|conditional|jaccard|share|lift")
        ->capture_default_str();
    sub->add_option("--top-t", cmd->topT,
                    "partners per expert for concentration and Top-T lists (default: k)");
    sub->add_option("--threshold", cmd->threshold,
                    "entropy above which an expert is collaborative (default: layer median)");
    sub->add_option("--shard", cmd->shard,
                    "i/N: count only part i (from 0) of N of the tokens and write a partial "
                    ".safetensors result; assay-run merge joins the N parts");
    sub->add_flag("--mpi", cmd->mpi,
                  "under mpirun/srun: each rank counts its part of the tokens, the counts are "
                  "summed across ranks and rank 0 writes --out (needs a -DASSAY_MPI=ON build)");
    sub->add_option("--out,-o", cmd->out,
                    "result file: .json, or .safetensors (tensors + JSON metadata)")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
