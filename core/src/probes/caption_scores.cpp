// Captions scored token by token (papers.md §4 figure 3) and TruthPrInt's backtrack target: the
// lowest-confidence token since the start of the current sentence (after the last "." token).
#include "assay/probes/caption_scores.h"

#include <cmath>
#include <limits>
#include <string>

#include "analysis_rows.h"
#include "assay/core/error.h"
#include "assay/probes/probe_metrics.h"

namespace assay::core::probes {
namespace {

bool endsSentence(const std::string& token) {
    const auto b = token.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return false;
    const auto e = token.find_last_not_of(" \t\r\n");
    return token.compare(b, e - b + 1, ".") == 0;
}

double sigmoid(double s) {
    return s >= 0 ? 1.0 / (1.0 + std::exp(-s)) : std::exp(s) / (1.0 + std::exp(s));
}

}  // namespace

CaptionScores scoreCaptions(const CaptionSet& set, const ProbeFile& probe, int layer) {
    const int position = probe.position(layer);
    if (position < 0) {
        std::string have;
        for (int l : probe.layers) have += (have.empty() ? "" : ", ") + std::to_string(l);
        throw InputError("probe", "layer " + std::to_string(layer),
                         "not in the probe file (it has layers " + have + ")");
    }
    const io::HiddenMatrix states = set.states(layer);  // InputError when absent
    if (states.cols != probe.width)
        throw InputError(states.name, "width",
                         "caption states have " + std::to_string(states.cols) +
                             " columns, the probe " + std::to_string(probe.width));
    const std::size_t d = static_cast<std::size_t>(probe.width);
    const std::size_t p = static_cast<std::size_t>(position);
    if (probe.weights.size() < (p + 1) * d || probe.bias.size() <= p)
        throw InputError("probe", "weights",
                         "has no weights or bias for layer " + std::to_string(layer));
    const std::vector<double> w(probe.weights.begin() + p * d, probe.weights.begin() + (p + 1) * d);
    const std::vector<double> score = detail::projectRows(allRows(states), {&w})[0];

    CaptionScores out;
    out.layer = layer;
    std::vector<double> objectScores;
    std::vector<std::uint8_t> objectLabels;
    for (const Caption& c : set.captions()) {
        CaptionScore cs;
        const std::size_t T = c.tokens.size();
        cs.probability.resize(T);
        cs.backtrackTo.assign(T, -1);
        const bool confident = c.confidences.size() == T;
        int start = 0, lowest = -1;  // sentence start; its lowest-confidence token so far
        for (std::size_t t = 0; t < T; ++t) {
            const double s = score[static_cast<std::size_t>(c.firstRow) + t] + probe.bias[p];
            cs.probability[t] = sigmoid(s);
            if (t < c.labels.size() && (c.labels[t] == 0 || c.labels[t] == 1)) {
                objectScores.push_back(s);
                objectLabels.push_back(static_cast<std::uint8_t>(c.labels[t]));
            }
            if (confident) {
                if (lowest < start ||
                    c.confidences[t] < c.confidences[static_cast<std::size_t>(lowest)])
                    lowest = static_cast<int>(t);
                cs.backtrackTo[t] = lowest;
            }
            if (endsSentence(c.tokens[t])) start = static_cast<int>(t) + 1;
        }
        out.captions.push_back(std::move(cs));
    }
    bool real = false, hallucinated = false;
    for (std::uint8_t y : objectLabels) (y ? hallucinated : real) = true;
    out.aurocObjects = real && hallucinated ? auroc(objectScores, objectLabels)
                                            : std::numeric_limits<double>::quiet_NaN();
    return out;
}

}  // namespace assay::core::probes
