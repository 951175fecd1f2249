// Collaboration matrices without the routing: statistics, placement and pair-count volumes.
#include "assay/moe/collaboration_analysis.h"

#include <string>

#include "assay/core/error.h"

namespace assay::core::moe {

std::vector<std::int32_t> nonZeroPartners(const ExpertStats& stats, const Coactivation& c) {
    std::vector<std::int32_t> out = stats.topPartners;
    for (int i = 0; i < stats.n; ++i)
        for (int t = 0; t < stats.topT; ++t) {
            std::int32_t& j = out[static_cast<std::size_t>(i) * stats.topT + t];
            if (j >= 0 && c.at(i, j) == 0 && c.at(j, i) == 0) j = -1;
        }
    return out;
}

std::vector<double> pairCounts(const Coactivation& c) {
    const int n = c.n;
    std::vector<double> p(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j)
                p[static_cast<std::size_t>(i) * n + j] = 0.5 * double(c.at(i, j) + c.at(j, i));
    return p;
}

DispatchVolume pairDispatchVolume(const std::vector<double>& pairs, int n, int k,
                                  const Placement& placement, DispatchCounting counting,
                                  const CommModel& model) {
    checkPlacement(placement, n);
    const int G = placement.devices;
    double allPairs = 0, samePairs = 0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) {
            const double p = pairs[static_cast<std::size_t>(i) * n + j];
            allPairs += p;
            if (placement.deviceOf[i] == placement.deviceOf[j]) samePairs += p;
        }
    const double tokens = allPairs / (0.5 * k * (k - 1));
    const double slots = counting == DispatchCounting::PerExpert
                             ? k * tokens
                             : std::max(tokens, k * tokens - samePairs);  // |D| >= 1
    const double copies = slots * (G - 1) / G;
    const double perCopy = static_cast<double>(model.hidden) * model.elementBytes;
    DispatchVolume v;
    v.copies = static_cast<std::int64_t>(std::llround(copies));
    v.bytes = copies * perCopy;
    v.maxDeviceBytes = v.bytes / G;  // homes uniform: every device sends the same share
    v.secondsEstimate =
        model.latencyUs * 1e-6 * (G - 1) + v.maxDeviceBytes / (model.bandwidthGBps * 1e9);
    return v;
}

CollabOnlyAnalysis analyzeCollaborationOnly(const std::vector<Coactivation>& layers,
                                            const CollabOnlyParams& p) {
    if (layers.empty()) throw InputError("collaboration", "layers", "none");
    CollabOnlyAnalysis out;
    out.n = layers.front().n;
    out.k = p.k;
    out.topT = p.topT;
    out.volumesExact = p.k == 2;
    const int n = out.n;
    if (p.topT < 1 || p.topT > n - 1)
        throw ParameterError("--top-t",
                             std::to_string(p.topT) + " is outside 1.." + std::to_string(n - 1));
    if (p.k < 2 || p.k > n)
        throw ParameterError("--top-k", std::to_string(p.k) + " is outside 2.." +
                                            std::to_string(n) +
                                            " (a matrix of pairs needs k >= 2)");
    if (p.devices < 0 || p.devices > n)
        throw ParameterError("--devices",
                             std::to_string(p.devices) + " is outside 0.." + std::to_string(n));
    for (const Coactivation& c : layers) {
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) out.symmetric &= c.at(i, j) == c.at(j, i);
        CollabOnlyLayer l;
        l.stats = expertStats(c, p.topT, p.threshold);
        l.partners = nonZeroPartners(l.stats, c);
        const std::vector<double> pairs = pairCounts(c);
        double all = 0;
        for (double x : pairs) all += x;
        l.tokens = all / 2 / (0.5 * p.k * (p.k - 1));
        if (p.devices > 0) {
            l.placement = makePlacement(p.placement, pairs, n, p.devices, p.seed);
            l.intraGroupShare = intraGroupShare(pairs, n, l.placement);
            l.naive =
                pairDispatchVolume(pairs, n, p.k, l.placement, DispatchCounting::PerExpert, p.comm);
            l.dedup =
                pairDispatchVolume(pairs, n, p.k, l.placement, DispatchCounting::PerDevice, p.comm);
        }
        out.layers.push_back(std::move(l));
    }
    return out;
}

}  // namespace assay::core::moe
