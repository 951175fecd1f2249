// Steering simulation (papers.md §4 Stage 4 without a decoder). For the linear probe the shifted
// score is exact without touching the states again: w·(h + α·σ·v) + b = s(h) + α·σ·(w·v), so one
// pass scores the held-out rows and every α is a scalar shift of those scores.
#include "assay/probes/steering.h"

#include <charconv>
#include <cmath>
#include <string>

#include "analysis_rows.h"
#include "assay/core/error.h"

namespace assay::core::probes {
namespace {

// from_chars, not stod: the GUI sets the C library's locale, whose decimal point may be ','.
double parseNumber(std::string text, const std::string& whole) {
    if (!text.empty() && text[0] == '+') text.erase(0, 1);
    double v = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(v))
        throw ParameterError("alpha", "\"" + whole +
                                          "\" is not a range a:b:n (n ≥ 2 values from a to b) or "
                                          "a comma list of numbers");
    return v;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

double sigmoid(double s) {
    return s >= 0 ? 1.0 / (1.0 + std::exp(-s)) : std::exp(s) / (1.0 + std::exp(s));
}

}  // namespace

std::vector<double> parseAlphaRange(const std::string& text) {
    std::vector<std::string> parts;
    const char separator = text.find(':') != std::string::npos ? ':' : ',';
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(trim(text.substr(start, end == std::string::npos ? end : end - start)));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    std::vector<double> out;
    if (separator == ':') {
        if (parts.size() != 3) parseNumber("", text);  // throws the message
        const double a = parseNumber(parts[0], text), b = parseNumber(parts[1], text);
        long n = 0;
        const std::string& count = parts[2];
        const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), n);
        if (count.empty() || error != std::errc() || end != count.data() + count.size() || n < 2 ||
            n > 100000)
            throw ParameterError("alpha", "\"" + text +
                                              "\": the count n of a:b:n must be an "
                                              "integer from 2 to 100000");
        for (long i = 0; i < n; ++i)
            out.push_back(i == n - 1 ? b : a + (b - a) * static_cast<double>(i) / (n - 1));
        return out;
    }
    for (const std::string& p : parts) out.push_back(parseNumber(p, text));
    return out;
}

SteeringCurve steerLayer(const RowView& heldOut, const std::vector<std::uint8_t>& labels,
                         const ProbeFile& probe, int position, const std::vector<double>& alpha,
                         SteeringDirection direction) {
    const int L = static_cast<int>(probe.layers.size());
    if (position < 0 || position >= L)
        throw ParameterError("position", std::to_string(position) + " is outside the probe's " +
                                             std::to_string(L) + " layers");
    const std::size_t d = static_cast<std::size_t>(probe.width);
    if (heldOut.cols != probe.width)
        throw ParameterError("steerLayer", "states have width " + std::to_string(heldOut.cols) +
                                               ", the probe " + std::to_string(probe.width));
    if (static_cast<std::int64_t>(labels.size()) != heldOut.size())
        throw ParameterError("labels", std::to_string(labels.size()) + " labels for " +
                                           std::to_string(heldOut.size()) + " rows");
    if (alpha.empty()) throw ParameterError("alpha", "no value to sweep");
    const bool massMean = direction == SteeringDirection::MassMean;
    const std::vector<double>& dirs = massMean ? probe.direction : probe.probeDirection;
    const std::vector<double>& sigmas = massMean ? probe.sigma : probe.sigmaProbe;
    const std::size_t p = static_cast<std::size_t>(position);
    if (dirs.size() < (p + 1) * d || sigmas.size() <= p || probe.weights.size() < (p + 1) * d ||
        probe.bias.size() <= p)
        throw ParameterError("probe",
                             std::string("has no ") + (massMean ? "direction" : "probe_direction") +
                                 " or weights for layer " + std::to_string(probe.layers[p]));

    const std::vector<double> w(probe.weights.begin() + p * d, probe.weights.begin() + (p + 1) * d);
    const std::vector<double> v(dirs.begin() + p * d, dirs.begin() + (p + 1) * d);
    double wv = 0;
    for (std::size_t j = 0; j < d; ++j) wv += w[j] * v[j];
    const double perAlpha = sigmas[p] * wv;  // score change per unit α
    std::vector<double> score = detail::projectRows(heldOut, {&w})[0];
    for (double& s : score) s += probe.bias[p];

    SteeringCurve out;
    out.layer = probe.layers[p];
    const std::size_t n = score.size();
    std::int64_t flaggedAtZero = 0;
    for (std::size_t i = 0; i < n; ++i) flaggedAtZero += labels[i] == 1 && score[i] > 0;
    for (double a : alpha) {
        double shift = 0;
        std::int64_t flagged = 0, flipped = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double s = score[i] + a * perAlpha;
            shift += sigmoid(s) - sigmoid(score[i]);
            flagged += s > 0;
            flipped += labels[i] == 1 && score[i] > 0 && s <= 0;
        }
        out.scoreShift.push_back(n ? shift / static_cast<double>(n) : 0.0);
        out.flaggedShare.push_back(n ? static_cast<double>(flagged) / static_cast<double>(n) : 0.0);
        // Defined for α > 0 only (steering towards real); with no flagged hallucinated row there
        // is nothing to flip: 0.
        out.flippedShare.push_back(a > 0 && flaggedAtZero > 0
                                       ? static_cast<double>(flipped) /
                                             static_cast<double>(flaggedAtZero)
                                       : 0.0);
    }
    return out;
}

}  // namespace assay::core::probes
