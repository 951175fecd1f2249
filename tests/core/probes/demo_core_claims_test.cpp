// The guide's claims about the demo (README "Probes ▸ Demo") through the code the view runs
// (core/probes: analyseProbes, transferProbes, preferenceSeparability, scoreCaptions), on the
// default spec, with the thresholds the README states; the held-out AUROCs also agree with the
// plain Newton-solved probes of demo_test_util.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "assay/probes/caption_scores.h"
#include "assay/probes/preference_separability.h"
#include "assay/probes/probes_analysis.h"
#include "assay/probes/subspace_transfer.h"
#include "demo_test_util.h"

namespace assay::core::probes {
namespace {
using namespace test_support;

TEST(ProbesDemoCoreClaims, TheViewsNumbersShowWhatTheGuideSays) {
    const ProbesDemo& demo = trainedProbesDemo();
    const ProbesAnalysis a = analyseProbes(demo.states(), ProbesRequest{});
    ASSERT_EQ(a.training.split.source, "file");  // the demo's group split
    const auto& layers = a.training.layers;
    ASSERT_EQ(static_cast<int>(layers.size()), demo.spec().layers);
    std::cout << "[ demo     ] core probe AUROC by layer:";
    for (const LayerProbe& l : layers) std::cout << ' ' << std::round(l.auroc * 1000) / 1000;
    std::cout << '\n';
    // Step 1: AUROC rises with depth and peaks above 0.8; the core's fit agrees with the plain one.
    EXPECT_GT(layers.back().auroc, layers.front().auroc + 0.05);
    const auto best = std::max_element(layers.begin(), layers.end(),
                                       [](auto& x, auto& y) { return x.auroc < y.auroc; });
    EXPECT_GT(best->auroc, 0.8);
    EXPECT_EQ(a.bestLayer(), best->layer);
    EXPECT_GT(a.bestLayer(), demo.spec().layers / 2);  // the peak is in the deeper half
    for (std::size_t p = 0; p < layers.size(); ++p)
        EXPECT_NEAR(layers[p].auroc, plainLayerAuroc(demo.states(), static_cast<int>(p)), 0.01);

    // Step 2: at the best layer the classes separate along the mass-mean direction (by more
    // than 0.8 σ), and steering along it towards "real" un-flags most flagged mistakes by α = 4
    // and more of them the further it goes. (The probe's own direction is another one: with
    // C = 1 on 64 correlated coordinates their cosine is small, which the guide shows.)
    const LayerAnalysis& at = a.layers[static_cast<std::size_t>(best - layers.begin())];
    EXPECT_GT(at.directions.separation, 0.8);
    const auto alpha4 = std::find(a.alpha.begin(), a.alpha.end(), 4.0) - a.alpha.begin();
    ASSERT_LT(alpha4, static_cast<std::ptrdiff_t>(a.alpha.size()));
    std::cout << "[ demo     ] best layer " << best->layer << ": cosine " << at.directions.cosine
              << ", separation " << at.directions.separation << ", flipped at α = 4 "
              << at.steering.flippedShare[alpha4] << '\n';
    EXPECT_GT(at.steering.flippedShare[alpha4], 0.5);
    for (std::size_t k = 1; k < a.alpha.size(); ++k)
        EXPECT_GE(at.steering.flippedShare[k], at.steering.flippedShare[k - 1]);

    // Step 3: ComnHallu transfer to the second model (another width) beats chance clearly and
    // comes close to the second model's own probe.
    TransferRequest tr;
    tr.rank = 16;
    const TransferResult t = transferProbes(demo.states(), demo.secondStates(), tr);
    const TransferLayer& last = t.layers.back();
    std::cout << "[ demo     ] transfer at layer " << last.layer << ": " << last.auroc
              << " (direct " << last.aurocDirect << ", source " << last.aurocSource << ")\n";
    EXPECT_GT(last.auroc, 0.75);
    EXPECT_GT(last.auroc, last.aurocDirect - 0.08);

    // Step 4: the multi-model preference set is separable, the single-model one is not.
    const PreferenceResult pr =
        preferenceSeparability({&demo.preference()[0], &demo.preference()[1]}, {});
    ASSERT_EQ(pr.datasets.size(), 2u);
    const PreferenceLayer &multi = pr.datasets[0].layers.back(),
                          &single = pr.datasets[1].layers.back();
    std::cout << "[ demo     ] preference at the last layer: multi-model " << multi.auroc
              << ", single-model " << single.auroc << '\n';
    EXPECT_GT(multi.auroc, 0.75);
    EXPECT_NEAR(single.auroc, 0.5, 0.1);
    EXPECT_GT(multi.auroc, single.auroc + 0.25);
    for (const PreferenceLayer& l : pr.datasets[1].layers) EXPECT_NEAR(l.auroc, 0.5, 0.12);

    // Step 5: scored by the best layer's exported probe, wrong object words stand out.
    const ProbeFile file = toProbeFile(a);
    const CaptionScores cs = scoreCaptions(demo.captions(), file, best->layer);
    std::cout << "[ demo     ] caption objects AUROC " << cs.aurocObjects << '\n';
    EXPECT_GT(cs.aurocObjects, 0.75);
}

}  // namespace
}  // namespace assay::core::probes
