// Directions (class means, mass-mean and probe directions, σ, separation, cosines across layers)
// and the steering sweep against plain loops; the synthetic checks of papers.md §4(f): the planted
// direction is recovered (cosine → 1 as N grows) and shifting hallucinated states along it makes
// the probe score them as real.
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/probes/logistic_probe.h"
#include "assay/probes/probe_directions.h"
#include "assay/probes/probe_metrics.h"
#include "assay/probes/steering.h"
#include "tests/core/probes/analysis_reference.h"

namespace assay::core::probes {
namespace {

using test::Matrix;

// Gaussian classes N(0, I) (real, label 0) and N(δ·u, I) (hallucinated, label 1), alternating.
struct Planted {
    Matrix x;
    std::vector<std::uint8_t> y;
    std::vector<double> u;  // unit, real → hallucinated
};

Planted planted(std::int64_t n, int d, double delta, std::uint64_t seed) {
    Planted p;
    p.u = test::gaussian(1, d, seed + 100);
    double norm = std::sqrt(test::dot(p.u.data(), p.u.data(), d));
    for (double& v : p.u) v /= norm;
    p.x = test::gaussian(n, d, seed);
    for (std::int64_t i = 0; i < n; ++i) {
        p.y.push_back(static_cast<std::uint8_t>(i % 2));
        if (i % 2)
            for (int j = 0; j < d; ++j) p.x[i * d + j] += delta * p.u[j];
    }
    return p;
}

TEST(ClassMeans, EqualPlainMeansAndRefuseOneClass) {
    const Planted p = planted(101, 5, 1.0, 3);
    const ClassMeans m = classMeans(test::viewOf(p.x, 5), p.y);
    EXPECT_EQ(m.real, 51);
    EXPECT_EQ(m.hallucinated, 50);
    for (int j = 0; j < 5; ++j) {
        double r = 0, h = 0;
        for (int i = 0; i < 101; ++i) (p.y[i] ? h : r) += p.x[i * 5 + j];
        EXPECT_NEAR(m.meanReal[j], r / 51, 1e-13);
        EXPECT_NEAR(m.meanHallucinated[j], h / 50, 1e-13);
    }
    EXPECT_THROW(classMeans(test::viewOf(p.x, 5), std::vector<std::uint8_t>(101, 0)),
                 ParameterError);
    EXPECT_THROW(classMeans(test::viewOf(p.x, 5), std::vector<std::uint8_t>(100, 0)),
                 ParameterError);
}

TEST(LayerDirections, EqualPlainDirectionSigmaAndSeparation) {
    const int d = 6;
    const Planted p = planted(200, d, 1.5, 5);
    LogisticProbe probe;
    probe.weights = test::gaussian(1, d, 77);
    probe.bias = 0.3;
    const LayerDirections ld = layerDirections(4, test::viewOf(p.x, d), p.y, probe);
    EXPECT_EQ(ld.layer, 4);
    // Brute force: means, unit difference real − hallucinated, projections, population std.
    std::vector<double> diff(d);
    for (int j = 0; j < d; ++j) diff[j] = ld.means.meanReal[j] - ld.means.meanHallucinated[j];
    const double dn = std::sqrt(test::dot(diff.data(), diff.data(), d));
    const double wn = std::sqrt(test::dot(probe.weights.data(), probe.weights.data(), d));
    for (int j = 0; j < d; ++j) {
        EXPECT_NEAR(ld.direction[j], diff[j] / dn, 1e-13);
        EXPECT_NEAR(ld.probeDirection[j], -probe.weights[j] / wn, 1e-13);
    }
    auto stdOf = [&](const std::vector<double>& v) {
        double m = 0, s = 0;
        for (int i = 0; i < 200; ++i) m += test::dot(&p.x[i * d], v.data(), d) / 200;
        for (int i = 0; i < 200; ++i) s += std::pow(test::dot(&p.x[i * d], v.data(), d) - m, 2);
        return std::sqrt(s / 200);
    };
    EXPECT_NEAR(ld.sigma, stdOf(ld.direction), 1e-12);
    EXPECT_NEAR(ld.sigmaProbe, stdOf(ld.probeDirection), 1e-12);
    EXPECT_NEAR(ld.cosine, test::dot(ld.direction.data(), ld.probeDirection.data(), d), 1e-14);
    // Mean projection of real minus that of hallucinated = ‖μ_r − μ_h‖.
    EXPECT_NEAR(ld.separation, dn / ld.sigma, 1e-10);

    const LayerDirections noProbe = layerDirections(4, test::viewOf(p.x, d), p.y, LogisticProbe{});
    EXPECT_TRUE(noProbe.probeDirection.empty());
    EXPECT_EQ(noProbe.direction, ld.direction);
}

TEST(LayerDirections, PlantedDirectionRecoveredAsNGrows) {
    const int d = 10;
    double previous = -1;
    for (std::int64_t n : {100, 1000, 10000}) {
        const Planted p = planted(n, d, 2.0, 9);
        const LayerDirections ld = layerDirections(0, test::viewOf(p.x, d), p.y, LogisticProbe{});
        const double cosine = -test::dot(ld.direction.data(), p.u.data(), d);  // towards real
        EXPECT_GT(cosine, previous) << "N = " << n;
        previous = cosine;
    }
    EXPECT_GT(previous, 0.998);
}

TEST(LayerDirections, ProbeDirectionAlsoRecoversThePlantedDirection) {
    const int d = 8;
    const Planted p = planted(4000, d, 2.0, 13);
    const LogisticProbe probe = fitLogistic(test::viewOf(p.x, d), p.y, LogisticOptions{});
    const LayerDirections ld = layerDirections(0, test::viewOf(p.x, d), p.y, probe);
    EXPECT_GT(-test::dot(ld.probeDirection.data(), p.u.data(), d), 0.99);
    EXPECT_GT(ld.cosine, 0.99);
}

TEST(DirectionCosines, PlainDotProductsAcrossLayers) {
    const int d = 4;
    std::vector<LayerDirections> layers;
    for (int l = 0; l < 3; ++l) {
        const Planted p = planted(60, d, 1.0 + l, 20 + l);
        LogisticProbe probe;
        if (l != 1) probe.weights = test::gaussian(1, d, 30 + l);
        layers.push_back(layerDirections(l, test::viewOf(p.x, d), p.y, probe));
    }
    const std::vector<double> mass = directionCosines(layers, false);
    const std::vector<double> pr = directionCosines(layers, true);
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
            EXPECT_NEAR(mass[a * 3 + b],
                        test::dot(layers[a].direction.data(), layers[b].direction.data(), d),
                        1e-14);
            if (a == 1 || b == 1)
                EXPECT_TRUE(std::isnan(pr[a * 3 + b]));  // layer 1 has no probe weights
            else
                EXPECT_NEAR(
                    pr[a * 3 + b],
                    test::dot(layers[a].probeDirection.data(), layers[b].probeDirection.data(), d),
                    1e-14);
        }
    layers[2].direction.push_back(0);
    EXPECT_THROW(directionCosines(layers, false), ParameterError);
}

TEST(ParseAlphaRange, RangesAndLists) {
    const std::vector<double> a = parseAlphaRange("-4:4:17");
    ASSERT_EQ(a.size(), 17u);
    for (int i = 0; i < 17; ++i) EXPECT_DOUBLE_EQ(a[i], -4 + 0.5 * i);
    EXPECT_EQ(parseAlphaRange("1, 2.5,+3"), (std::vector<double>{1, 2.5, 3}));
    EXPECT_EQ(parseAlphaRange("2"), (std::vector<double>{2}));
    EXPECT_EQ(parseAlphaRange("0:1:2"), (std::vector<double>{0, 1}));
    for (const char* bad : {"", "x", "1:2", "1:2:1", "1:2:3:4", "1:2:x", "1,,2", "nan", "1:inf:3"})
        EXPECT_THROW(parseAlphaRange(bad), ParameterError) << bad;
}

// A one-layer probe file with the given weights, direction and σ.
ProbeFile fileOf(const std::vector<double>& w, double b, const std::vector<double>& v,
                 double sigma) {
    ProbeFile f;
    f.layers = {7};
    f.width = static_cast<std::int64_t>(w.size());
    f.weights = w;
    f.bias = {b};
    f.direction = v;
    f.probeDirection = v;
    f.sigma = {sigma};
    f.sigmaProbe = {2 * sigma};
    return f;
}

double sigmoid(double s) { return 1 / (1 + std::exp(-s)); }

TEST(SteerLayer, EqualsScoringExplicitlyShiftedStates) {
    const int d = 5;
    const std::int64_t n = 300;
    const Planted p = planted(n, d, 1.0, 41);
    std::vector<float> xf(p.x.begin(), p.x.end());
    std::vector<double> w = test::gaussian(1, d, 42), v = test::gaussian(1, d, 43);
    const double vn = std::sqrt(test::dot(v.data(), v.data(), d));
    for (double& x : v) x /= vn;
    const ProbeFile file = fileOf(w, -0.2, v, 0.8);
    const std::vector<double> alpha = {-2, -0.5, 0, 0.7, 3};
    for (SteeringDirection dir : {SteeringDirection::MassMean, SteeringDirection::Probe}) {
        const double sigma = dir == SteeringDirection::MassMean ? 0.8 : 1.6;
        const SteeringCurve c = steerLayer(test::viewOf(xf, d), p.y, file, 0, alpha, dir);
        EXPECT_EQ(c.layer, 7);
        ASSERT_EQ(c.scoreShift.size(), alpha.size());
        for (std::size_t a = 0; a < alpha.size(); ++a) {
            double shift = 0;
            int flagged = 0, flaggedBefore = 0, flipped = 0;
            for (std::int64_t i = 0; i < n; ++i) {
                double before = -0.2, after = -0.2;
                for (int j = 0; j < d; ++j) {
                    const double h = static_cast<double>(xf[i * d + j]);
                    before += w[j] * h;
                    after += w[j] * (h + alpha[a] * sigma * v[j]);
                }
                // The linear probe's score moves by α·σ·(w·v) exactly.
                EXPECT_NEAR(after - before, alpha[a] * sigma * test::dot(w.data(), v.data(), d),
                            1e-12);
                shift += sigmoid(after) - sigmoid(before);
                flagged += after > 0;
                if (p.y[i] == 1 && before > 0) {
                    ++flaggedBefore;
                    flipped += after <= 0;
                }
            }
            EXPECT_NEAR(c.scoreShift[a], shift / n, 1e-12);
            EXPECT_DOUBLE_EQ(c.flaggedShare[a], static_cast<double>(flagged) / n);
            EXPECT_DOUBLE_EQ(c.flippedShare[a],
                             alpha[a] > 0 ? static_cast<double>(flipped) / flaggedBefore : 0.0);
        }
    }
}

TEST(SteerLayer, RefusesBadPositionWidthAndLabels) {
    const Matrix x = test::gaussian(4, 3, 1);
    const ProbeFile f = fileOf({1, 2, 3}, 0, {1, 0, 0}, 1);
    const std::vector<std::uint8_t> y = {0, 1, 0, 1};
    EXPECT_THROW(steerLayer(test::viewOf(x, 3), y, f, 1, {1.0}), ParameterError);
    EXPECT_THROW(steerLayer(test::viewOf(x, 3), {0, 1}, f, 0, {1.0}), ParameterError);
    EXPECT_THROW(steerLayer(test::viewOf(x, 3), y, f, 0, {}), ParameterError);
    const Matrix x4 = test::gaussian(4, 4, 1);
    EXPECT_THROW(steerLayer(test::viewOf(x4, 4), y, f, 0, {1.0}), ParameterError);
}

// papers.md §4(f): shifting hallucinated states by δ along the truthful direction (the planted
// u reversed) makes the probe score them like real ones.
TEST(SteerLayer, ShiftingHallucinatedStatesByDeltaMakesThemReal) {
    const int d = 8;
    const double delta = 3.0;
    // One planted set (one u), its first 4000 rows to train on, the other 2000 held out.
    const Planted all = planted(6000, d, delta, 51);
    Planted train, held;
    train.x.assign(all.x.begin(), all.x.begin() + 4000 * d);
    train.y.assign(all.y.begin(), all.y.begin() + 4000);
    held.x.assign(all.x.begin() + 4000 * d, all.x.end());
    held.y.assign(all.y.begin() + 4000, all.y.end());
    const LogisticProbe probe = fitLogistic(test::viewOf(train.x, d), train.y, LogisticOptions{});
    const LayerDirections ld = layerDirections(0, test::viewOf(train.x, d), train.y, probe);
    ProbeFile f = fileOf(probe.weights, probe.bias, ld.direction, ld.sigma);
    // Before: most hallucinated test rows are flagged, few real ones.
    std::vector<double> realScores, shiftedScores;
    Matrix shifted;
    for (std::int64_t i = 0; i < 2000; ++i) {
        if (held.y[i] == 0) {
            double s = probe.bias;
            for (int j = 0; j < d; ++j) s += probe.weights[j] * held.x[i * d + j];
            realScores.push_back(s);
        } else {
            for (int j = 0; j < d; ++j)
                shifted.push_back(held.x[i * d + j] + delta * ld.direction[j]);
        }
    }
    shiftedScores = decisionScores(test::viewOf(shifted, d), probe.weights, probe.bias);
    std::vector<double> both(realScores);
    both.insert(both.end(), shiftedScores.begin(), shiftedScores.end());
    std::vector<std::uint8_t> labels(realScores.size(), 0);
    labels.insert(labels.end(), shiftedScores.size(), 1);
    EXPECT_NEAR(auroc(both, labels), 0.5, 0.04);  // indistinguishable from real
    int flagged = 0;
    for (double s : shiftedScores) flagged += s > 0;
    EXPECT_LT(static_cast<double>(flagged) / shiftedScores.size(), 0.15);
    // steerLayer at α = δ/σ says the same: most flagged hallucinated rows are flipped.
    const SteeringCurve c =
        steerLayer(test::viewOf(held.x, d), held.y, f, 0, {0.0, delta / ld.sigma});
    EXPECT_GT(c.flippedShare[1], 0.8);
    EXPECT_LT(c.flaggedShare[1], c.flaggedShare[0]);
    EXPECT_LT(c.scoreShift[1], 0);
}

}  // namespace
}  // namespace assay::core::probes
