// Shared parts of the Probes commands (probes_common.h).
#include "probes_common.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <type_traits>

#include "assay/core/error.h"
#include "assay/probes/probe_directions.h"
#include "assay/probes/probes_analysis.h"

namespace assay::app {

namespace pr = core::probes;
using nlohmann::json;

void addProbeFitOptions(CLI::App* sub, ProbeFitOptions& o, bool cv) {
    sub->add_option("--test-fraction", o.testFraction,
                    "share of rows (of groups, with a `group` tensor) held out when the file has "
                    "no `split`")
        ->capture_default_str();
    o.cOption = sub->add_option("--C", o.C, "inverse regularisation strength, as sklearn's C")
                    ->capture_default_str();
    if (cv) {
        CLI::Option* folds =
            sub->add_option("--cv", o.cv,
                            "k-fold cross-validation on the training rows: C chosen per layer "
                            "from --c-grid by mean AUROC, and the AUROC's spread (k >= 2)");
        folds->excludes(o.cOption);
        sub->add_option("--c-grid", o.cGrid, "the values of C that --cv tries")
            ->option_text("LIST")
            ->capture_default_str();
    }
    sub->add_flag("--balanced", o.balanced,
                  "class weights n / (2 n_class), sklearn's \"balanced\"");
    sub->add_option("--seed", o.seed, "seed of the split and the folds")->capture_default_str();
    sub->add_option("--layers", o.layers, "layer numbers to use, e.g. 8,16,24 (default: all)")
        ->option_text("LIST");
}

std::vector<int> parseLayerList(const std::string& text, const std::string& option) {
    std::vector<int> out;
    if (text.empty()) return out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        int l = -1;
        try {
            l = std::stoi(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || l < 0)
            throw core::ParameterError(option, "'" + item + "' is not a layer number (e.g. 8,16)");
        out.push_back(l);
    }
    return out;
}

std::vector<double> parsePositiveList(const std::string& text, const std::string& option) {
    std::vector<double> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || !(v > 0) || !std::isfinite(v))
            throw core::ParameterError(option, "'" + item + "' is not a number > 0");
        out.push_back(v);
    }
    if (out.empty()) throw core::ParameterError(option, "is empty, expected e.g. 0.1,1,10");
    return out;
}

pr::ProbeRequest probeRequest(const ProbeFitOptions& o) {
    if (!(o.testFraction > 0 && o.testFraction < 1))
        throw core::ParameterError("--test-fraction",
                                   std::to_string(o.testFraction) + " is outside (0, 1)");
    if (!(o.C > 0) || !std::isfinite(o.C))
        throw core::ParameterError("--C", std::to_string(o.C) + " is not a number > 0");
    if (o.cv == 1 || o.cv < 0)
        throw core::ParameterError("--cv", std::to_string(o.cv) + " folds: give 2 or more");
    pr::ProbeRequest r;
    r.logistic.C = o.C;
    r.logistic.balanced = o.balanced;
    r.testFraction = o.testFraction;
    r.seed = o.seed;
    r.layers = parseLayerList(o.layers, "--layers");
    if (o.cv >= 2) {
        r.cvFolds = o.cv;
        r.cGrid = parsePositiveList(o.cGrid, "--c-grid");
    }
    return r;
}

json probeFitParameters(const ProbeFitOptions& o, bool cv) {
    json p = {{"test_fraction", o.testFraction},
              {"balanced", o.balanced},
              {"seed", o.seed},
              {"layers", o.layers.empty() ? json("all") : json(o.layers)}};
    if (cv && o.cv >= 2) {
        p["cv"] = o.cv;
        p["c_grid"] = o.cGrid;
    } else {
        p["C"] = o.C;
    }
    return p;
}

const pr::ProbesDemo& probesDemo() {
    static std::once_flag once;
    static std::unique_ptr<pr::ProbesDemo> demo;
    std::call_once(once, [] { demo = std::make_unique<pr::ProbesDemo>(pr::ProbesDemo::train()); });
    return *demo;
}

std::uint64_t probesDemoSeed() { return pr::ProbesDemoSpec{}.seed; }

void requireOneInput(bool file, bool demo, const std::string& option) {
    if (int(file) + int(demo) != 1)
        throw core::ParameterError(option, "give one input: " + option + " FILE or --demo");
}

TrainedProbes trainProbeFile(const pr::ProbeDataset& data, const pr::ProbeRequest& request) {
    TrainedProbes out;
    // NaN rows are refused by name before any fit (each layer is scanned once; the dataset
    // keeps the result, so the training's own checks cost nothing more).
    const std::vector<int> all = data.layers();
    std::vector<std::int64_t> rows(static_cast<std::size_t>(data.items()));
    for (std::int64_t i = 0; i < data.items(); ++i) rows[static_cast<std::size_t>(i)] = i;
    for (int p = 0; p < data.layerCount(); ++p)
        if (request.layers.empty() ||
            std::find(request.layers.begin(), request.layers.end(),
                      all[static_cast<std::size_t>(p)]) != request.layers.end())
            data.checkFinite(p, rows);
    out.training = pr::trainProbes(data, request);
    // The directions of each trained layer from its training rows (what the view shows too);
    // the export is the analysis' own (toProbeFile), without PCA or steering.
    pr::ProbesAnalysis analysis;
    analysis.source = data.name();
    analysis.request.probe = request;
    analysis.training = out.training;
    const std::vector<int> layers = data.layers();
    std::vector<std::uint8_t> trainLabels;
    for (const std::int64_t r : out.training.split.train)
        trainLabels.push_back(data.labels()[static_cast<std::size_t>(r)]);
    for (const pr::LayerProbe& lp : out.training.layers) {
        const int position =
            static_cast<int>(std::find(layers.begin(), layers.end(), lp.layer) - layers.begin());
        const pr::RowView train = pr::rowsOf(data.layer(position), out.training.split.train);
        pr::LayerAnalysis la;
        la.layer = lp.layer;
        la.directions = pr::layerDirections(lp.layer, train, trainLabels, lp.probe);
        analysis.layers.push_back(std::move(la));
    }
    out.file = pr::toProbeFile(analysis);
    // The keys heldOutSplit reads back, written here whatever the export adds.
    out.file.metadata["seed"] = std::to_string(out.training.split.seed);
    out.file.metadata["test_fraction"] = std::to_string(request.testFraction);
    out.file.metadata["split"] = out.training.split.source;
    return out;
}

pr::ProbeSplit heldOutSplit(const pr::ProbeDataset& data, const pr::ProbeFile& probe) {
    double fraction = 0.25;
    std::uint64_t seed = 0;
    auto number = [&](const char* key, auto& into) {
        const auto it = probe.metadata.find(key);
        if (it == probe.metadata.end()) return;
        try {
            if constexpr (std::is_same_v<std::decay_t<decltype(into)>, double>)
                into = std::stod(it->second);
            else
                into = std::stoull(it->second);
        } catch (const std::exception&) {
            throw core::InputError("probe file", std::string("metadata.") + key,
                                   "'" + it->second + "' is not a number");
        }
    };
    number("test_fraction", fraction);
    number("seed", seed);
    if (!(fraction > 0 && fraction < 1)) fraction = 0.25;  // e.g. a file split's actual share
    return pr::makeSplit(data.labels(), data.split(), data.groups(), fraction, seed);
}

core::io::TensorToWrite f64Tensor(const std::string& name, const std::vector<double>& v,
                                  std::vector<std::int64_t> shape) {
    return core::io::tensorFromDoubles(name, v, std::move(shape));
}

core::io::TensorToWrite layerIndexTensor(const std::vector<int>& layers) {
    return core::io::tensorFromInt64("layer_index",
                                     std::vector<std::int64_t>(layers.begin(), layers.end()),
                                     {static_cast<std::int64_t>(layers.size())});
}

json finiteOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace assay::app
