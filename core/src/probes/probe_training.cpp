// trainProbes: one layer at a time from the map (the view, `assay-run probe` and the benchmark all
// come here). Per layer: the finiteness check of the rows used, optional k-fold CV over the C grid
// (AUROC per fold), the final fit on all training rows at the chosen C, held-out metrics. Warm
// starts carry each fit (per fold and C, and the final one) to the next layer: neighbouring
// layers' probes are close, so the next solve starts near its optimum.
#include "assay/probes/probe_training.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "assay/core/error.h"

namespace assay::core::probes {
namespace {

// Maps a fit's own iteration progress into the training's overall progress, and carries the
// outer job's cancellation into the fit.
class StepJob : public JobContext {
public:
    StepJob(JobContext& outer, std::int64_t step, std::int64_t steps)
        : m_outer(outer), m_step(step), m_steps(steps) {}

protected:
    void onProgress(std::int64_t done, std::int64_t total) override {
        constexpr std::int64_t scale = 1000;
        const std::int64_t part = total > 0 ? std::min(scale, done * scale / total) : scale;
        m_outer.progress(m_step * scale + part, m_steps * scale);
    }

private:
    JobContext& m_outer;
    std::int64_t m_step, m_steps;
};

std::vector<int> chosenPositions(const ProbeDataset& data, const std::vector<int>& layers) {
    const std::vector<int> all = data.layers();
    std::vector<int> positions;
    if (layers.empty()) {
        for (int p = 0; p < data.layerCount(); ++p) positions.push_back(p);
        return positions;
    }
    for (int l : layers) {
        const auto it = std::find(all.begin(), all.end(), l);
        if (it == all.end())
            throw ParameterError("layers", "layer " + std::to_string(l) + " is not in " +
                                               data.name() + " (it has " +
                                               std::to_string(all.size()) + " layers, " +
                                               std::to_string(all.front()) + ".." +
                                               std::to_string(all.back()) + ")");
        positions.push_back(static_cast<int>(it - all.begin()));
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    return positions;
}

void checkRequest(const ProbeRequest& r) {
    if (!(r.logistic.C > 0) || !std::isfinite(r.logistic.C))
        throw ParameterError("C", std::to_string(r.logistic.C) + " is not a positive number");
    for (double c : r.cGrid)
        if (!(c > 0) || !std::isfinite(c))
            throw ParameterError("C grid", std::to_string(c) + " is not a positive number");
    if (r.cvFolds < 0 || r.cvFolds == 1)
        throw ParameterError("cv folds", std::to_string(r.cvFolds) + " is not 0 (no CV) or ≥ 2");
    if (!r.cGrid.empty() && r.cvFolds < 2)
        throw ParameterError("C grid", "choosing C needs cross-validation (cv folds ≥ 2)");
    if (!(r.sensitivity >= 0 && r.sensitivity <= 1))
        throw ParameterError("sensitivity", std::to_string(r.sensitivity) + " is outside [0, 1]");
    if (r.kind == ProbeKind::Mlp)
        throw ParameterError("probe kind", "the MLP probe is not available (logistic only)");
}

std::vector<std::uint8_t> labelsOf(const std::vector<std::uint8_t>& labels,
                                   const std::vector<std::int64_t>& rows) {
    std::vector<std::uint8_t> out;
    out.reserve(rows.size());
    for (std::int64_t r : rows) out.push_back(labels[static_cast<std::size_t>(r)]);
    return out;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

// Population standard deviation (NumPy's default), the spread of the fold AUROCs.
double stddev(const std::vector<double>& v) {
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size()));
}

}  // namespace

ProbeTraining trainProbes(const ProbeDataset& data, const ProbeRequest& request, JobContext& job) {
    checkRequest(request);
    const std::vector<int> positions = chosenPositions(data, request.layers);
    const std::vector<int> numbers = data.layers();
    const std::vector<std::uint8_t>& labels = data.labels();
    ProbeTraining out;
    out.kindName = "logistic";
    out.split = makeSplit(labels, data.split(), data.groups(), request.testFraction, request.seed);
    out.testLabels = labelsOf(labels, out.split.test);
    const std::vector<std::uint8_t> trainLabels = labelsOf(labels, out.split.train);

    const bool cv = request.cvFolds >= 2;
    const std::vector<double> grid =
        !request.cGrid.empty() ? request.cGrid : std::vector<double>{request.logistic.C};
    std::vector<ProbeSplit> folds;
    std::vector<std::vector<std::uint8_t>> foldTrainLabels, foldTestLabels;
    if (cv) {
        folds = makeFolds(out.split.train, labels, data.groups(), request.cvFolds, request.seed);
        for (const ProbeSplit& f : folds) {
            foldTrainLabels.push_back(labelsOf(labels, f.train));
            foldTestLabels.push_back(labelsOf(labels, f.test));
        }
    }
    std::vector<std::int64_t> used = out.split.train;
    used.insert(used.end(), out.split.test.begin(), out.split.test.end());
    std::sort(used.begin(), used.end());

    const std::int64_t fitsPerLayer =
        1 + (cv ? static_cast<std::int64_t>(grid.size() * folds.size()) : 0);
    const std::int64_t steps = static_cast<std::int64_t>(positions.size()) * fitsPerLayer;
    std::int64_t step = 0;
    // The previous layer's solutions: per (C index, fold) for CV, and the final fit.
    std::map<std::pair<std::size_t, std::size_t>, LogisticProbe> previousCv;
    LogisticProbe previousFinal;
    bool havePrevious = false;

    for (int pos : positions) {
        job.stage("layer " + std::to_string(numbers[static_cast<std::size_t>(pos)]));
        data.checkFinite(pos, used);
        const io::HiddenMatrix m = data.layer(pos);
        LayerProbe lp;
        lp.layer = numbers[static_cast<std::size_t>(pos)];
        lp.C = request.logistic.C;
        if (cv) {
            double bestMean = -1;
            for (std::size_t c = 0; c < grid.size(); ++c) {
                LogisticOptions o = request.logistic;
                o.C = grid[c];
                std::vector<double> aurocs;
                for (std::size_t f = 0; f < folds.size(); ++f) {
                    const auto key = std::make_pair(c, f);
                    const auto prev = previousCv.find(key);
                    const LogisticProbe* start =
                        request.warmStart && prev != previousCv.end() ? &prev->second : nullptr;
                    StepJob sub(job, step++, steps);
                    LogisticProbe p =
                        fitLogistic(rowsOf(m, folds[f].train), foldTrainLabels[f], o, start, sub);
                    const std::vector<double> s =
                        decisionScores(rowsOf(m, folds[f].test), p.weights, p.bias, o.threads);
                    aurocs.push_back(auroc(s, foldTestLabels[f]));
                    previousCv[key] = std::move(p);
                }
                const double mu = mean(aurocs);
                if (mu > bestMean) {  // ties keep the earlier C of the grid
                    bestMean = mu;
                    lp.C = grid[c];
                    lp.aurocCvMean = mu;
                    lp.aurocCvStd = stddev(aurocs);
                    lp.aurocFolds = aurocs;
                }
            }
        }
        LogisticOptions o = request.logistic;
        o.C = lp.C;
        StepJob sub(job, step++, steps);
        lp.probe = fitLogistic(rowsOf(m, out.split.train), trainLabels, o,
                               request.warmStart && havePrevious ? &previousFinal : nullptr, sub);
        lp.testScores =
            decisionScores(rowsOf(m, out.split.test), lp.probe.weights, lp.probe.bias, o.threads);
        lp.auroc = auroc(lp.testScores, out.testLabels);
        lp.accuracy = accuracy(lp.testScores, out.testLabels, 0.0);
        lp.operating = specificityAtSensitivity(lp.testScores, out.testLabels, request.sensitivity);
        previousFinal = lp.probe;
        havePrevious = true;
        out.layers.push_back(std::move(lp));
        job.progress(step, steps);
    }
    return out;
}

}  // namespace assay::core::probes
