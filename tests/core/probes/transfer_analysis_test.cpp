// ComnHallu transfer (papers.md §4(f) Procrustes check: a target that is the source rotated, or
// embedded in a wider space, is aligned exactly and the transferred AUROC equals the source's)
// and analyseProbes / toProbeFile against the parts they are made of.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "assay/core/error.h"
#include "assay/probes/probes_analysis.h"
#include "assay/probes/subspace_transfer.h"
#include "tests/core/probes/analysis_reference.h"

namespace assay::core::probes {
namespace {

using test::Matrix;

// L layers of Gaussian classes whose separation grows with the layer, with anisotropic noise so
// that PCA has distinct eigenvalues: [L, N, d] floats, labels alternating.
struct States {
    std::vector<float> hidden;
    std::vector<std::uint8_t> labels;
};

States states(int L, std::int64_t n, int d, std::uint64_t seed) {
    States s;
    for (std::int64_t i = 0; i < n; ++i)
        s.labels.push_back(static_cast<std::uint8_t>((i * 7) % 3 == 0));
    for (int l = 0; l < L; ++l) {
        const Matrix z = test::gaussian(n, d, seed + l);
        const Matrix u = test::gaussian(1, d, seed + 100 + l);
        for (std::int64_t i = 0; i < n; ++i)
            for (int j = 0; j < d; ++j)
                s.hidden.push_back(
                    static_cast<float>(z[i * d + j] * (1.0 + 0.3 * j) + 0.5 +
                                       (s.labels[i] ? (0.4 + 0.4 * l) * u[j] : 0.0)));
    }
    return s;
}

// x [L, N, d_s] · m [d_s × d_t] per layer.
std::vector<float> mapRows(const std::vector<float>& x, std::int64_t rows, int ds, const Matrix& m,
                           int dt) {
    std::vector<float> out;
    for (std::int64_t i = 0; i < rows; ++i)
        for (int b = 0; b < dt; ++b) {
            double v = 0;
            for (int a = 0; a < ds; ++a) v += static_cast<double>(x[i * ds + a]) * m[a * dt + b];
            out.push_back(static_cast<float>(v));
        }
    return out;
}

TEST(TransferProbes, RotatedTargetIsAlignedExactlyAndTransfersTheSourceAuroc) {
    const int L = 2, d = 10;
    const std::int64_t n = 400;
    const States s = states(L, n, d, 11);
    const std::vector<float> rotated =
        mapRows(s.hidden, L * n, d, test::randomOrthogonal(d, 12), d);
    const ProbeDataset source =
        ProbeDataset::fromFloats("source", {4, 8}, n, d, s.hidden, s.labels);
    const ProbeDataset target = ProbeDataset::fromFloats("target", {4, 8}, n, d, rotated, s.labels);
    TransferRequest request;
    request.rank = 6;  // with oversampling the basis covers all of d: an exact PCA
    request.seed = 5;
    const TransferResult r = transferProbes(source, target, request);
    EXPECT_EQ(r.rank, 6);
    ASSERT_EQ(r.layers.size(), 2u);
    for (const TransferLayer& t : r.layers) {
        EXPECT_LT(t.alignmentResidual, 1e-5) << "layer " << t.layer;
        // Equal up to the float rounding of the rotated states (one swapped pair of ~2000
        // would move it by 5e-4); the target's own probe is the source's mirrored, up to tol.
        EXPECT_NEAR(t.auroc, t.aurocSource, 1e-3) << "layer " << t.layer;
        EXPECT_NEAR(t.aurocDirect, t.aurocSource, 1e-2);
        EXPECT_FALSE(std::isnan(t.aurocUnaligned));
        // R is orthogonal.
        const Matrix rtr =
            test::multiply(test::transpose(t.procrustes, 6, 6), t.procrustes, 6, 6, 6);
        for (int a = 0; a < 6; ++a)
            for (int b = 0; b < 6; ++b) EXPECT_NEAR(rtr[a * 6 + b], a == b ? 1.0 : 0.0, 1e-10);
    }
    EXPECT_GT(r.layers[1].aurocSource, r.layers[0].aurocSource);  // separation grows with depth
    EXPECT_GT(r.layers[1].aurocSource, 0.7);
    // The split is the source's seeded one.
    EXPECT_EQ(r.split.train.size() + r.split.test.size(), static_cast<std::size_t>(n));
}

TEST(TransferProbes, WiderTargetEmbeddingTheSourceTransfersToo) {
    const int ds = 8, dt = 12;
    const std::int64_t n = 300;
    const States s = states(1, n, ds, 21);
    // Rows of E (ds × dt) orthonormal: the first ds rows of a dt × dt orthogonal matrix.
    const Matrix q = test::randomOrthogonal(dt, 22);
    const Matrix e(q.begin(), q.begin() + ds * dt);
    const ProbeDataset source = ProbeDataset::fromFloats("source", {0}, n, ds, s.hidden, s.labels);
    const ProbeDataset target =
        ProbeDataset::fromFloats("wide", {0}, n, dt, mapRows(s.hidden, n, ds, e, dt), s.labels);
    TransferRequest request;
    request.rank = 4;
    const TransferResult r = transferProbes(source, target, request);
    ASSERT_EQ(r.layers.size(), 1u);
    EXPECT_LT(r.layers[0].alignmentResidual, 1e-5);
    EXPECT_NEAR(r.layers[0].auroc, r.layers[0].aurocSource, 1e-3);
    EXPECT_TRUE(std::isnan(r.layers[0].aurocUnaligned));  // widths differ
}

TEST(TransferProbes, RefusesUnpairedRowsAndBadRanksOrLayers) {
    const States a = states(1, 100, 4, 31), b = states(1, 90, 4, 32);
    const ProbeDataset source = ProbeDataset::fromFloats("a", {0}, 100, 4, a.hidden, a.labels);
    const ProbeDataset shorter = ProbeDataset::fromFloats("b", {0}, 90, 4, b.hidden, b.labels);
    TransferRequest request;
    request.rank = 2;
    try {
        transferProbes(source, shorter, request);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("N mismatch: 100 vs 90 rows"), std::string::npos)
            << e.what();
    }
    request.rank = 5;  // > d = 4
    EXPECT_THROW(transferProbes(source, source, request), ParameterError);
    request.rank = 2;
    request.layers = {3};
    EXPECT_THROW(transferProbes(source, source, request), ParameterError);
}

TEST(AnalyseProbes, IsMadeOfItsParts) {
    const int L = 3, d = 6;
    const std::int64_t n = 240;
    const States s = states(L, n, d, 41);
    const ProbeDataset data = ProbeDataset::fromFloats("demo", {2, 4, 6}, n, d, s.hidden, s.labels);
    ProbesRequest request;
    request.probe.seed = 9;
    request.alpha = {-1, 0, 2};
    request.pcaLayers = {4};
    const ProbesAnalysis a = analyseProbes(data, request);
    const ProbeTraining training = trainProbes(data, request.probe);
    ASSERT_EQ(a.layers.size(), 3u);
    EXPECT_EQ(a.source, "demo");
    EXPECT_EQ(a.alpha, request.alpha);
    EXPECT_EQ(a.training.split.test, training.split.test);
    const ProbeFile file = toProbeFile(a);
    EXPECT_EQ(file.layers, (std::vector<int>{2, 4, 6}));
    std::vector<LayerDirections> dirs;
    int best = -1;
    double top = -1;
    for (int i = 0; i < L; ++i) {
        const LayerAnalysis& la = a.layers[i];
        const LayerProbe& lp = training.layers[i];
        EXPECT_EQ(la.layer, lp.layer);
        EXPECT_EQ(a.training.layers[i].probe.weights, lp.probe.weights);
        if (lp.auroc > top) top = lp.auroc, best = lp.layer;
        const io::HiddenMatrix m = data.layer(i);
        const LayerDirections ld = layerDirections(
            lp.layer, rowsOf(m, training.split.train),
            [&] {
                std::vector<std::uint8_t> y;
                for (auto r : training.split.train) y.push_back(s.labels[r]);
                return y;
            }(),
            lp.probe);
        dirs.push_back(ld);
        EXPECT_EQ(la.directions.direction, ld.direction);
        EXPECT_EQ(la.directions.sigma, ld.sigma);
        const RocCurve roc = rocCurve(lp.testScores, training.testLabels);
        EXPECT_EQ(la.roc.fpr, roc.fpr);
        EXPECT_EQ(la.roc.tpr, roc.tpr);
        // Every row's projection on the direction.
        ASSERT_EQ(la.projection.size(), static_cast<std::size_t>(n));
        for (std::int64_t r = 0; r < n; ++r) {
            double p = 0;
            for (int j = 0; j < d; ++j)
                p += static_cast<double>(s.hidden[(i * n + r) * d + j]) * ld.direction[j];
            EXPECT_NEAR(la.projection[r], p, 1e-10);
        }
        // PCA only where asked, on every row.
        if (la.layer == 4) {
            const PcaBasis basis = fitPca(allRows(m), 2, 9);
            EXPECT_EQ(la.pca, projectPca(allRows(m), basis));
            EXPECT_NEAR(la.pcaVariance[0], basis.variance[0] / basis.totalVariance, 1e-15);
            EXPECT_GT(la.pcaVariance[0], la.pcaVariance[1]);
        } else {
            EXPECT_TRUE(la.pca.empty());
        }
        // Steering through the exported file, on the held-out rows.
        const SteeringCurve c =
            steerLayer(rowsOf(m, training.split.test), training.testLabels, file, i, request.alpha);
        EXPECT_EQ(la.steering.scoreShift, c.scoreShift);
        EXPECT_EQ(la.steering.flippedShare, c.flippedShare);
        // The file holds what the analysis found.
        for (int j = 0; j < d; ++j) {
            EXPECT_EQ(file.weights[i * d + j], lp.probe.weights[j]);
            EXPECT_EQ(file.direction[i * d + j], ld.direction[j]);
            EXPECT_EQ(file.probeDirection[i * d + j], ld.probeDirection[j]);
            EXPECT_EQ(file.meanReal[i * d + j], ld.means.meanReal[j]);
        }
        EXPECT_EQ(file.bias[i], lp.probe.bias);
        EXPECT_EQ(file.sigma[i], ld.sigma);
        EXPECT_EQ(file.sigmaProbe[i], ld.sigmaProbe);
    }
    EXPECT_EQ(a.bestLayer(), best);
    EXPECT_EQ(a.cosineMassMean, directionCosines(dirs, false));
    EXPECT_EQ(a.cosineProbe, directionCosines(dirs, true));
    EXPECT_EQ(file.metadata.at("C"), "1");
    EXPECT_EQ(file.metadata.at("balanced"), "false");
    EXPECT_EQ(file.metadata.at("seed"), "9");
    EXPECT_EQ(file.metadata.at("normalisation"), "none");
    EXPECT_EQ(file.metadata.at("source"), "demo");
    EXPECT_EQ(file.metadata.at("split"), a.training.split.source);
}

TEST(ToProbeFile, OneLayerExportReadsBack) {
    const States s = states(2, 120, 4, 51);
    const ProbeDataset data = ProbeDataset::fromFloats("d", {1, 3}, 120, 4, s.hidden, s.labels);
    ProbesRequest request;
    request.projections = false;
    request.pcaLayers = {99};  // none of the layers
    const ProbesAnalysis a = analyseProbes(data, request);
    EXPECT_TRUE(a.layers[0].projection.empty());
    EXPECT_TRUE(a.layers[1].pca.empty());
    const ProbeFile one = toProbeFile(a, {3});
    EXPECT_EQ(one.layers, (std::vector<int>{3}));
    EXPECT_EQ(one.width, 4);
    EXPECT_EQ(one.weights, a.training.layers[1].probe.weights);
    EXPECT_THROW(toProbeFile(a, {2}), ParameterError);
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / "assay_probes_analysis_export.safetensors";
    writeProbeFile(path, one);
    const ProbeFile back = readProbeFile(path);
    std::filesystem::remove(path);
    EXPECT_EQ(back.layers, one.layers);
    EXPECT_EQ(back.weights, one.weights);
    EXPECT_EQ(back.direction, one.direction);
    EXPECT_EQ(back.sigma, one.sigma);
    EXPECT_EQ(back.metadata.at("source"), "d");
}

}  // namespace
}  // namespace assay::core::probes
