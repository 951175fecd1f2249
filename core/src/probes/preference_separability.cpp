// Preference-pair separability: per dataset and layer, a probe of chosen (1) vs rejected (0) on a
// split of the pairs (each pair is a group: both members on the same side, so the probe cannot
// learn a pair's shared content), held-out AUROC and accuracy, and the AUROC of the projection on
// the training pairs' mass-mean direction (mean chosen − mean rejected), which needs no fit.
#include "assay/probes/preference_separability.h"

#include <algorithm>
#include <set>
#include <string>

#include "analysis_rows.h"
#include "assay/core/error.h"
#include "assay/probes/probe_directions.h"
#include "assay/probes/probe_metrics.h"

namespace assay::core::probes {
namespace {

// Rows 0..N−1 are the chosen members, N..2N−1 the rejected ones.
RowView pairRows(const RowView& all, const std::vector<std::int64_t>& indices) {
    RowView v;
    v.dtype = all.dtype;
    v.cols = all.cols;
    v.rows.reserve(indices.size());
    for (std::int64_t i : indices) v.rows.push_back(all.rows[static_cast<std::size_t>(i)]);
    return v;
}

std::vector<std::uint8_t> labelsOf(const std::vector<std::uint8_t>& labels,
                                   const std::vector<std::int64_t>& indices) {
    std::vector<std::uint8_t> out;
    out.reserve(indices.size());
    for (std::int64_t i : indices) out.push_back(labels[static_cast<std::size_t>(i)]);
    return out;
}

PreferenceLayer separability(const PreferencePairs& set, int position, const ProbeSplit& split,
                             const std::vector<std::uint8_t>& labels,
                             const PreferenceRequest& request) {
    const io::HiddenMatrix chosen = set.chosen(position), rejected = set.rejected(position);
    if (chosen.dtype != rejected.dtype)
        throw InputError(set.name(), rejected.name,
                         "has another dtype than " + chosen.name + "; store both alike");
    RowView all = allRows(chosen);
    const RowView r = allRows(rejected);
    all.rows.insert(all.rows.end(), r.rows.begin(), r.rows.end());
    if (const auto bad = firstNonFiniteRow(all)) {
        const bool isChosen = *bad < set.pairs();
        throw InputError(set.name(), isChosen ? chosen.name : rejected.name,
                         "row " + std::to_string(isChosen ? *bad : *bad - set.pairs()) +
                             " is not finite (NaN or inf); remove or fix it");
    }
    const RowView train = pairRows(all, split.train), test = pairRows(all, split.test);
    const std::vector<std::uint8_t> trainLabels = labelsOf(labels, split.train);
    const std::vector<std::uint8_t> testLabels = labelsOf(labels, split.test);

    PreferenceLayer out;
    out.layer = set.layers()[static_cast<std::size_t>(position)];
    const LogisticProbe probe = fitLogistic(train, trainLabels, request.logistic);
    const std::vector<double> scores =
        decisionScores(test, probe.weights, probe.bias, request.logistic.threads);
    out.auroc = auroc(scores, testLabels);
    out.accuracy = accuracy(scores, testLabels);

    // Label 1 (chosen) plays "hallucinated" in classMeans: chosen − rejected = −(real − halluc).
    const ClassMeans means = classMeans(train, trainLabels);
    std::vector<double> v(means.meanReal.size());
    for (std::size_t j = 0; j < v.size(); ++j) v[j] = means.meanHallucinated[j] - means.meanReal[j];
    out.massMeanAuroc =
        auroc(detail::projectRows(test, {&v}, request.logistic.threads)[0], testLabels);
    return out;
}

}  // namespace

PreferenceResult preferenceSeparability(const std::vector<const PreferencePairs*>& sets,
                                        const PreferenceRequest& request, JobContext& job) {
    if (sets.empty()) throw ParameterError("pairs", "no preference dataset given");
    PreferenceResult out;
    std::set<int> layers;
    std::int64_t total = 0, done = 0;
    for (const PreferencePairs* s : sets) total += s->layerCount();
    job.progress(0, total);
    for (const PreferencePairs* s : sets) {
        const std::int64_t n = s->pairs();
        // Both members of pair i share group i; chosen = 1, rejected = 0.
        std::vector<std::uint8_t> labels(static_cast<std::size_t>(2 * n), 0);
        std::vector<std::int64_t> groups(static_cast<std::size_t>(2 * n));
        for (std::int64_t i = 0; i < n; ++i) {
            labels[static_cast<std::size_t>(i)] = 1;
            groups[static_cast<std::size_t>(i)] = groups[static_cast<std::size_t>(n + i)] = i;
        }
        const ProbeSplit split =
            makeSplit(labels, std::nullopt, groups, request.testFraction, request.seed);
        PreferenceDataset dataset;
        dataset.name = s->name();
        for (int p = 0; p < s->layerCount(); ++p) {
            dataset.layers.push_back(separability(*s, p, split, labels, request));
            layers.insert(dataset.layers.back().layer);
            job.progress(++done, total);
        }
        out.datasets.push_back(std::move(dataset));
    }
    out.layers.assign(layers.begin(), layers.end());
    return out;
}

}  // namespace assay::core::probes
