// The one analysis behind the Probes view and `assay-run probe`: probes per layer, then per layer
// the directions (training rows), the held-out ROC, every row's projection, the 2-D PCA of every
// row, and the steering sweep on the held-out rows scored through the exported probe file — so
// the view shows exactly what an export followed by `assay-run steer` would give.
#include "assay/probes/probes_analysis.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "analysis_rows.h"
#include "assay/core/error.h"

namespace assay::core::probes {
namespace {

std::string number(double v) {
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return error == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

std::vector<std::uint8_t> labelsOf(const std::vector<std::uint8_t>& labels,
                                   const std::vector<std::int64_t>& rows) {
    std::vector<std::uint8_t> out;
    out.reserve(rows.size());
    for (std::int64_t i : rows) out.push_back(labels[static_cast<std::size_t>(i)]);
    return out;
}

int positionOf(const std::vector<int>& layers, int layer) {
    return static_cast<int>(std::find(layers.begin(), layers.end(), layer) - layers.begin());
}

void append(std::vector<double>& to, const std::vector<double>& v, std::size_t d) {
    if (v.size() == d)
        to.insert(to.end(), v.begin(), v.end());
    else
        to.insert(to.end(), d, 0.0);  // a probe without weights (MLP): zeros
}

}  // namespace

int ProbesAnalysis::bestLayer() const {
    int best = -1;
    double top = -1;
    for (const LayerProbe& l : training.layers)
        if (l.auroc > top) top = l.auroc, best = l.layer;
    return best;
}

ProbesAnalysis analyseProbes(const ProbeDataset& data, const ProbesRequest& request,
                             JobContext& job) {
    ProbesAnalysis out;
    out.source = data.name();
    out.request = request;
    out.alpha = request.alpha.empty() ? parseAlphaRange("-4:4:17") : request.alpha;
    job.stage("probes");
    out.training = trainProbes(data, request.probe, job);

    job.stage("directions");
    const std::vector<int> layers = data.layers();
    const ProbeSplit& split = out.training.split;
    const std::vector<std::uint8_t> trainLabels = labelsOf(data.labels(), split.train);
    const std::int64_t L = static_cast<std::int64_t>(out.training.layers.size());
    const bool everyPca = request.pcaLayers.empty();
    job.progress(0, 2 * L);
    std::vector<LayerDirections> directions;
    for (std::int64_t i = 0; i < L; ++i) {
        const LayerProbe& lp = out.training.layers[static_cast<std::size_t>(i)];
        const io::HiddenMatrix m = data.layer(positionOf(layers, lp.layer));
        LayerAnalysis la;
        la.layer = lp.layer;
        la.directions = layerDirections(lp.layer, rowsOf(m, split.train), trainLabels, lp.probe);
        la.roc = rocCurve(lp.testScores, out.training.testLabels);
        const RowView all = allRows(m);
        if (request.projections)
            la.projection = detail::projectRows(all, {&la.directions.direction})[0];
        const bool pca = everyPca || std::find(request.pcaLayers.begin(), request.pcaLayers.end(),
                                               lp.layer) != request.pcaLayers.end();
        if (pca && std::min(all.size(), all.cols) >= 2) {
            const PcaBasis basis = fitPca(all, 2, request.probe.seed);
            la.pca = projectPca(all, basis);
            for (int k = 0; k < 2; ++k)
                la.pcaVariance[k] =
                    basis.totalVariance > 0
                        ? basis.variance[static_cast<std::size_t>(k)] / basis.totalVariance
                        : 0.0;
        }
        directions.push_back(la.directions);
        out.layers.push_back(std::move(la));
        job.progress(i + 1, 2 * L);
    }
    out.cosineMassMean = directionCosines(directions, false);
    out.cosineProbe = directionCosines(directions, true);

    job.stage("steering");
    const ProbeFile file = toProbeFile(out);
    for (std::int64_t i = 0; i < L; ++i) {
        LayerAnalysis& la = out.layers[static_cast<std::size_t>(i)];
        const LayerProbe& lp = out.training.layers[static_cast<std::size_t>(i)];
        la.steering.layer = la.layer;
        if (!lp.probe.weights.empty()) {
            const io::HiddenMatrix m = data.layer(positionOf(layers, la.layer));
            la.steering = steerLayer(rowsOf(m, split.test), out.training.testLabels, file,
                                     static_cast<int>(i), out.alpha, request.steering);
        }
        job.progress(L + i + 1, 2 * L);
    }
    return out;
}

ProbeFile toProbeFile(const ProbesAnalysis& analysis, const std::vector<int>& layers) {
    if (analysis.layers.size() != analysis.training.layers.size())
        throw ParameterError("toProbeFile", std::to_string(analysis.layers.size()) +
                                                " analysed layers for " +
                                                std::to_string(analysis.training.layers.size()) +
                                                " trained ones; they must correspond one to one");
    std::vector<std::size_t> chosen;
    if (layers.empty()) {
        for (std::size_t i = 0; i < analysis.layers.size(); ++i) chosen.push_back(i);
    } else {
        for (int l : layers) {
            std::size_t i = 0;
            while (i < analysis.layers.size() && analysis.layers[i].layer != l) ++i;
            if (i == analysis.layers.size())
                throw ParameterError("layers",
                                     "layer " + std::to_string(l) + " is not in the analysis");
            chosen.push_back(i);
        }
    }
    ProbeFile f;
    f.width = analysis.layers.empty()
                  ? 0
                  : static_cast<std::int64_t>(analysis.layers[0].directions.direction.size());
    const std::size_t d = static_cast<std::size_t>(f.width);
    std::string cs;
    bool sameC = true;
    for (std::size_t i : chosen) {
        const LayerAnalysis& la = analysis.layers[i];
        const LayerProbe& lp = analysis.training.layers[i];
        const LayerDirections& dir = la.directions;
        f.layers.push_back(la.layer);
        append(f.weights, lp.probe.weights, d);
        f.bias.push_back(lp.probe.bias);
        append(f.direction, dir.direction, d);
        append(f.probeDirection, dir.probeDirection, d);
        f.sigma.push_back(dir.sigma);
        f.sigmaProbe.push_back(dir.sigmaProbe);
        append(f.meanReal, dir.means.meanReal, d);
        append(f.meanHallucinated, dir.means.meanHallucinated, d);
        cs += (cs.empty() ? "" : ",") + number(lp.C);
        sameC = sameC && lp.C == analysis.training.layers[chosen[0]].C;
    }
    const ProbeRequest& req = analysis.request.probe;
    const ProbeSplit& split = analysis.training.split;
    f.metadata["format"] = "assay-probe";
    f.metadata["normalisation"] = "none";
    // One C for every layer, or (chosen per layer by CV) one per layer in layer order.
    f.metadata["C"] = sameC && !chosen.empty() ? number(analysis.training.layers[chosen[0]].C) : cs;
    f.metadata["balanced"] = req.logistic.balanced ? "true" : "false";
    f.metadata["seed"] = std::to_string(split.seed);
    f.metadata["split"] = split.source;
    f.metadata["test_fraction"] = number(split.testFraction);
    f.metadata["source"] = analysis.source;
    f.metadata["kind"] = analysis.training.kindName;
    f.metadata["width"] = std::to_string(f.width);
    if (req.cvFolds >= 2) f.metadata["cv_folds"] = std::to_string(req.cvFolds);
    return f;
}

}  // namespace assay::core::probes
