// assay-run directions: the mass-mean truthful direction per layer of a labelled hidden-state
// file (papers.md §4 Stage 3: v = normalise(mean(h | real) − mean(h | hallucinated))) with the
// class means and counts, over every row. The class sums are sufficient statistics, so the run
// shards (--shard i/N, then assay-run merge) and runs under MPI (--mpi: one allreduce of 2d+2
// numbers per layer). Logistic probes do not split this way (assay-run probe).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/probes/probe_directions.h"
#include "commands.h"
#include "partial_file.h"
#include "probes_common.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace pr = core::probes;
namespace fs = std::filesystem;
using nlohmann::json;

struct DirectionsCommand {
    std::string states, layers, shard, out;
    bool demo = false, mpi = false;

    json parameters() const { return {{"layers", layers.empty() ? json("all") : json(layers)}}; }

    int run() const {
        return runSplit(shard, mpi, [this](const RunSplit& split) { return runOn(split); });
    }

    int runOn(const RunSplit& split) const {
        requireOneInput(!states.empty(), demo, "--states");
        if (split.writes()) startHashing({states});
        if (split.shard)
            requirePartialOut(out);
        else
            resultFormat(out);  // before any work
        std::optional<pr::ProbeDataset> opened;
        if (!demo) opened.emplace(pr::ProbeDataset::open(states));
        const pr::ProbeDataset& data = demo ? probesDemo().states() : *opened;
        const std::vector<int> all = data.layers();
        const std::vector<int> chosen = layers.empty() ? all : parseLayerList(layers, "--layers");
        const core::RowRange rows = core::shardRows(split.part(), data.items());
        std::vector<std::int64_t> index(static_cast<std::size_t>(rows.size()));
        std::iota(index.begin(), index.end(), rows.begin);
        const std::vector<std::uint8_t> labels(data.labels().begin() + rows.begin,
                                               data.labels().begin() + rows.end);
        std::vector<pr::ClassSums> sums;
        for (int l : chosen) {
            const auto at = std::find(all.begin(), all.end(), l);
            if (at == all.end())
                throw core::ParameterError(
                    "--layers", "layer " + std::to_string(l) + " is not in " + data.name());
            const int position = static_cast<int>(at - all.begin());
            data.checkFinite(position, index);
            sums.push_back(pr::classSums(pr::rowsOf(data.layer(position), index), labels));
        }
        if (split.ranks) sumOverRanks(*split.ranks, sums);
        if (!split.writes()) return 0;
        const core::Provenance prov =
            core::makeProvenance("directions", {demo ? fs::path() : fs::path(states)}, parameters(),
                                 demo ? probesDemoSeed() : 0);
        const json summary = {{"layers", chosen}, {"width", data.width()}};
        const json named = {{"source", demo ? std::string("demo") : states}};
        if (split.shard) {
            std::vector<core::io::TensorToWrite> t;
            for (std::size_t i = 0; i < chosen.size(); ++i) {
                const std::string p = "layers." + std::to_string(chosen[i]) + ".";
                t.push_back(core::io::tensorFromInt64(p + "counts",
                                                      {sums[i].real, sums[i].hallucinated}, {2}));
                t.push_back(
                    core::io::tensorFromDoubles(p + "sum_real", sums[i].sumReal, {data.width()}));
                t.push_back(core::io::tensorFromDoubles(p + "sum_hallucinated",
                                                        sums[i].sumHallucinated, {data.width()}));
            }
            writePartial(out,
                         {"directions", prov.parameters, *split.shard, rows, data.items(),
                          prov.inputs, summary, prov.seed, named},
                         t);
            std::cout << "shard " << shard << ": rows [" << rows.begin << ", " << rows.end
                      << ") of " << data.items() << ", " << chosen.size() << " layer(s)\nwrote "
                      << out << "\n";
            return 0;
        }
        return write(sums, summary, named, data.items(), prov);
    }

    // One allreduce of every layer's counts and one of every layer's sums.
    static void sumOverRanks(const core::Collective& ranks, std::vector<pr::ClassSums>& sums) {
        std::vector<std::int64_t> counts;
        std::vector<std::vector<double>*> values;
        for (pr::ClassSums& s : sums) {
            counts.insert(counts.end(), {s.real, s.hallucinated});
            values.insert(values.end(), {&s.sumReal, &s.sumHallucinated});
        }
        ranks.sumInPlace(counts);
        ranks.sumInPlace(values);
        for (std::size_t i = 0; i < sums.size(); ++i) {
            sums[i].real = counts[2 * i];
            sums[i].hallucinated = counts[2 * i + 1];
        }
    }

    // Everything after the sums: the same for a whole run, an MPI run and a merge.
    int write(const std::vector<pr::ClassSums>& sums, const json& summary, const json& named,
              std::int64_t items, const core::Provenance& prov) const {
        const bool withArrays = resultFormat(out) == ResultFormat::Json;
        const std::vector<int> chosen = summary.at("layers").get<std::vector<int>>();
        const auto d = summary.at("width").get<std::int64_t>();
        std::vector<pr::MassMean> means;
        json perLayer = json::array();
        for (std::size_t i = 0; i < sums.size(); ++i) {
            means.push_back(pr::massMean(sums[i]));
            const pr::MassMean& m = means.back();
            json j = {{"layer", chosen[i]},
                      {"real", m.means.real},
                      {"hallucinated", m.means.hallucinated},
                      {"distance", m.distance}};
            if (withArrays)
                j.update({{"direction", m.direction},
                          {"mean_real", m.means.meanReal},
                          {"mean_hallucinated", m.means.meanHallucinated}});
            perLayer.push_back(j);
        }
        json result = {{"format", "assay-directions"},
                       {"source", named.at("source")},
                       {"items", items},
                       {"width", d},
                       {"layers", perLayer},
                       {"provenance", prov.toJson()}};
        writeResult(out, result, [&] {
            std::vector<core::io::TensorToWrite> t;
            for (std::size_t i = 0; i < means.size(); ++i) {
                const std::string p = "layers." + std::to_string(chosen[i]) + ".";
                t.push_back(core::io::tensorFromDoubles(p + "direction", means[i].direction, {d}));
                t.push_back(
                    core::io::tensorFromDoubles(p + "mean_real", means[i].means.meanReal, {d}));
                t.push_back(core::io::tensorFromDoubles(p + "mean_hallucinated",
                                                        means[i].means.meanHallucinated, {d}));
            }
            return t;
        });
        std::cout << items << " rows, d = " << d << ", " << means.size() << " layer(s)\nwrote "
                  << out << "\n";
        return 0;
    }
};

}  // namespace

int mergeDirectionsParts(const std::vector<PartialPart>& parts, const std::string& out) {
    const core::PartialHeader& h = parts.front().header;
    DirectionsCommand cmd;
    cmd.out = out;
    resultFormat(out);
    const std::vector<int> chosen = h.summary.at("layers").get<std::vector<int>>();
    const auto d = h.summary.at("width").get<std::size_t>();
    std::vector<pr::ClassSums> sums(chosen.size());
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const std::string p = "layers." + std::to_string(chosen[i]) + ".";
        sums[i].sumReal.assign(d, 0.0);
        sums[i].sumHallucinated.assign(d, 0.0);
        for (const PartialPart& part : parts) {  // in shard order: the same sums every merge
            const std::vector<std::int64_t> counts = partInt64(part, p + "counts", 2);
            pr::addClassSums(sums[i], {counts[0], counts[1], partDoubles(part, p + "sum_real", d),
                                       partDoubles(part, p + "sum_hallucinated", d)});
        }
    }
    return cmd.write(sums, h.summary, h.named, h.totalRows, mergedProvenance(parts));
}

void addDirectionsCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<DirectionsCommand>();
    CLI::App* sub = app.add_subcommand(
        "directions",
        "Mass-mean truthful directions per layer (normalised mean(real) − mean(hallucinated)) "
        "with the class means, over every row of labelled hidden states; shards and runs under "
        "MPI (the class sums add)");
    sub->add_option("--states", cmd->states,
                    "labelled hidden states: `hidden` [L,N,d] or layers.{l}.hidden [N,d], "
                    "`label` [N] (1 = hallucinated)")
        ->option_text("FILE");
    sub->add_flag("--demo", cmd->demo, "use the built-in demo (a small trained network's states)");
    sub->add_option("--layers", cmd->layers, "layer numbers, e.g. 3,5,7 (default: all)")
        ->option_text("L,...");
    sub->add_option("--shard", cmd->shard,
                    "i/N: sum only part i (from 0) of N of the rows and write a partial "
                    ".safetensors result; assay-run merge joins the N parts")
        ->option_text("i/N");
    sub->add_flag("--mpi", cmd->mpi,
                  "under mpirun/srun: each rank sums its part of the rows, the sums are added "
                  "across ranks and rank 0 writes --out (needs a -DASSAY_MPI=ON build)");
    sub->add_option("--out,-o", cmd->out,
                    "result file: .json, or .safetensors (tensors + JSON metadata)")
        ->option_text("FILE")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
