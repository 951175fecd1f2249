// Mass-mean and probe directions (papers.md §4 Stage 3): class means from one streamed pass
// (column sums per class, in double), then one more pass projecting the training rows on both
// directions at once for σ and the separation.
#include "assay/probes/probe_directions.h"

#include <cmath>
#include <limits>
#include <string>

#include "analysis_rows.h"
#include "assay/core/error.h"

namespace assay::core::probes {
namespace {

double norm(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x * x;
    return std::sqrt(s);
}

// Population mean and std of p.
std::pair<double, double> meanStd(const std::vector<double>& p) {
    if (p.empty()) return {0, 0};
    double m = 0;
    for (double x : p) m += x;
    m /= static_cast<double>(p.size());
    double v = 0;
    for (double x : p) v += (x - m) * (x - m);
    return {m, std::sqrt(v / static_cast<double>(p.size()))};
}

}  // namespace

ClassMeans classMeans(const RowView& X, const std::vector<std::uint8_t>& labels) {
    if (static_cast<std::int64_t>(labels.size()) != X.size())
        throw ParameterError("labels", std::to_string(labels.size()) + " labels for " +
                                           std::to_string(X.size()) + " rows");
    ClassMeans out;
    for (std::uint8_t y : labels) (y ? out.hallucinated : out.real) += 1;
    if (out.real == 0 || out.hallucinated == 0)
        throw ParameterError("labels", out.real == 0 ? "no row is 0 (real); class means need both"
                                                     : "no row is 1 (hallucinated); class means "
                                                       "need both");
    detail::columnSums(X, labels, out.meanReal, out.meanHallucinated);
    for (double& v : out.meanReal) v /= static_cast<double>(out.real);
    for (double& v : out.meanHallucinated) v /= static_cast<double>(out.hallucinated);
    return out;
}

ClassSums classSums(const RowView& X, const std::vector<std::uint8_t>& labels) {
    if (static_cast<std::int64_t>(labels.size()) != X.size())
        throw ParameterError("labels", std::to_string(labels.size()) + " labels for " +
                                           std::to_string(X.size()) + " rows");
    ClassSums out;
    for (std::uint8_t y : labels) (y ? out.hallucinated : out.real) += 1;
    out.sumReal.assign(static_cast<std::size_t>(X.cols), 0.0);
    out.sumHallucinated.assign(static_cast<std::size_t>(X.cols), 0.0);
    // Rows add in row order per column whatever the thread count: the same bits on any machine.
    if (X.size() > 0) detail::columnSums(X, labels, out.sumReal, out.sumHallucinated);
    return out;
}

void addClassSums(ClassSums& into, const ClassSums& part) {
    if (part.sumReal.size() != into.sumReal.size())
        throw ParameterError("class sums", "width " + std::to_string(part.sumReal.size()) + " vs " +
                                               std::to_string(into.sumReal.size()));
    into.real += part.real;
    into.hallucinated += part.hallucinated;
    for (std::size_t j = 0; j < into.sumReal.size(); ++j) {
        into.sumReal[j] += part.sumReal[j];
        into.sumHallucinated[j] += part.sumHallucinated[j];
    }
}

MassMean massMean(const ClassSums& sums) {
    if (sums.real == 0 || sums.hallucinated == 0)
        throw ParameterError("labels", sums.real == 0
                                           ? "no row is 0 (real); class means need both"
                                           : "no row is 1 (hallucinated); class means need both");
    MassMean m;
    m.means.real = sums.real;
    m.means.hallucinated = sums.hallucinated;
    const std::size_t d = sums.sumReal.size();
    m.means.meanReal.resize(d);
    m.means.meanHallucinated.resize(d);
    m.direction.resize(d);
    for (std::size_t j = 0; j < d; ++j) {
        m.means.meanReal[j] = sums.sumReal[j] / static_cast<double>(sums.real);
        m.means.meanHallucinated[j] =
            sums.sumHallucinated[j] / static_cast<double>(sums.hallucinated);
        m.direction[j] = m.means.meanReal[j] - m.means.meanHallucinated[j];
    }
    m.distance = norm(m.direction);
    if (m.distance > 0)
        for (double& v : m.direction) v /= m.distance;
    return m;
}

LayerDirections layerDirections(int layer, const RowView& train,
                                const std::vector<std::uint8_t>& labels,
                                const LogisticProbe& probe) {
    LayerDirections out;
    out.layer = layer;
    out.means = classMeans(train, labels);
    const std::size_t d = static_cast<std::size_t>(train.cols);
    out.direction.resize(d);
    for (std::size_t j = 0; j < d; ++j)
        out.direction[j] = out.means.meanReal[j] - out.means.meanHallucinated[j];
    // Equal class means leave no direction: it stays zero (σ, separation 0) rather than NaN.
    const double n = norm(out.direction);
    if (n > 0)
        for (double& v : out.direction) v /= n;

    std::vector<const std::vector<double>*> vectors{&out.direction};
    if (!probe.weights.empty()) {
        if (probe.weights.size() != d)
            throw ParameterError("probe", "has " + std::to_string(probe.weights.size()) +
                                              " weights for rows of width " + std::to_string(d));
        const double w = norm(probe.weights);
        out.probeDirection.assign(d, 0.0);
        if (w > 0)
            for (std::size_t j = 0; j < d; ++j) out.probeDirection[j] = -probe.weights[j] / w;
        double c = 0;
        for (std::size_t j = 0; j < d; ++j) c += out.direction[j] * out.probeDirection[j];
        out.cosine = c;
        vectors.push_back(&out.probeDirection);
    }
    const std::vector<std::vector<double>> p = detail::projectRows(train, vectors);
    out.sigma = meanStd(p[0]).second;
    if (p.size() > 1) out.sigmaProbe = meanStd(p[1]).second;
    double real = 0, hallucinated = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) (labels[i] ? hallucinated : real) += p[0][i];
    const double gap = real / static_cast<double>(out.means.real) -
                       hallucinated / static_cast<double>(out.means.hallucinated);
    out.separation = out.sigma > 0 ? gap / out.sigma : 0.0;
    return out;
}

std::vector<double> directionCosines(const std::vector<LayerDirections>& layers, bool probe) {
    const std::size_t L = layers.size();
    auto vectorOf = [&](std::size_t l) -> const std::vector<double>& {
        return probe ? layers[l].probeDirection : layers[l].direction;
    };
    const std::size_t d = L ? layers[0].direction.size() : 0;
    for (std::size_t l = 0; l < L; ++l)
        if (layers[l].direction.size() != d)
            throw ParameterError("directionCosines",
                                 "layer " + std::to_string(layers[l].layer) + " has width " +
                                     std::to_string(layers[l].direction.size()) + ", layer " +
                                     std::to_string(layers[0].layer) + " " + std::to_string(d));
    std::vector<double> out(L * L, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t a = 0; a < L; ++a)
        for (std::size_t b = 0; b < L; ++b) {
            const std::vector<double>& u = vectorOf(a);
            const std::vector<double>& v = vectorOf(b);
            if (u.size() != d || v.size() != d) continue;  // a probe without weights: NaN
            double s = 0;
            for (std::size_t j = 0; j < d; ++j) s += u[j] * v[j];
            out[a * L + b] = s;
        }
    return out;
}

}  // namespace assay::core::probes
