// ComnHallu transfer (papers.md §4(f) Procrustes check: a target that is the source rotated, or
// embedded in a wider space, is aligned exactly and the transferred AUROC equals the source's
// (a swapped near-tie apart), and the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "assay/core/error.h"
#include "assay/probes/subspace_transfer.h"
#include "tests/core/probes/analysis_reference.h"

namespace assay::core::probes {
namespace {

using test::Matrix;

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
    const test::States s = test::layeredStates(L, n, d, 11);
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
    EXPECT_GT(r.layers[1].aurocSource, 0.6);
    // The split is the source's seeded one.
    EXPECT_EQ(r.split.train.size() + r.split.test.size(), static_cast<std::size_t>(n));
}

TEST(TransferProbes, WiderTargetEmbeddingTheSourceTransfersToo) {
    const int ds = 8, dt = 12;
    const std::int64_t n = 300;
    const test::States s = test::layeredStates(1, n, ds, 21);
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
    const test::States a = test::layeredStates(1, 100, 4, 31),
                       b = test::layeredStates(1, 90, 4, 32);
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

}  // namespace
}  // namespace assay::core::probes
