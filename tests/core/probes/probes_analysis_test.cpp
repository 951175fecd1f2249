// analyseProbes / toProbeFile against the parts they are made of (trainProbes, layerDirections,
// rocCurve, fitPca, steerLayer), and a one-layer export read back.
#include "assay/probes/probes_analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "assay/core/error.h"
#include "tests/core/probes/analysis_reference.h"

namespace assay::core::probes {
namespace {

using test::Matrix;

TEST(AnalyseProbes, IsMadeOfItsParts) {
    const int L = 3, d = 6;
    const std::int64_t n = 240;
    const test::States s = test::layeredStates(L, n, d, 41);
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
    const test::States s = test::layeredStates(2, 120, 4, 51);
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
