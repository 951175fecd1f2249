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
    // … and the mean p(hallucinated) falls for α > 0, rises for α < 0.
    EXPECT_LT(at.steering.scoreShift[alpha4], 0.0);
    EXPECT_GT(at.steering.scoreShift.front(), 0.0);
    std::cout << "[ demo     ] score shift at α = " << a.alpha.front()
              << ", 4: " << at.steering.scoreShift.front() << ", " << at.steering.scoreShift[alpha4]
              << '\n';

    // The 2-D PCA scatter: the two largest directions of variance mostly hold the class structure
    // (the spiral arms); how much of the label they show depends on the seed (a plain probe on the
    // two PCA coordinates: AUROC 0.56 at seed 7, 0.75 at seed 1), so the guide promises nothing
    // there and this only checks it is no better than the probe on all coordinates.
    {
        ASSERT_EQ(at.pca.size(), 2 * static_cast<std::size_t>(demo.states().items()));
        const PlainSplit s = splitOf(demo.states());
        auto coords = [&](const std::vector<std::int64_t>& rows, std::vector<std::uint8_t>& y) {
            std::vector<std::vector<double>> x;
            for (std::int64_t r : rows) {
                x.push_back({at.pca[2 * r], at.pca[2 * r + 1]});
                y.push_back(demo.states().labels()[r]);
            }
            return x;
        };
        std::vector<std::uint8_t> ytrain, ytest;
        const auto xtrain = coords(s.train, ytrain), xtest = coords(s.test, ytest);
        const PlainProbe probe2 = plainLogistic(xtrain, ytrain);
        std::vector<double> scores;
        for (const auto& x : xtest) scores.push_back(probe2.score(x));
        const double pcaAuroc = pairAuroc(scores, ytest);
        std::cout << "[ demo     ] 2-D PCA probe AUROC " << pcaAuroc << '\n';
        EXPECT_LE(pcaAuroc, best->auroc + 0.01);
    }

    // Step 5: ComnHallu transfer between the models (widths 64 and 48), both ways, beats chance
    // clearly and comes close to the target model's own probe.
    TransferRequest tr;
    tr.rank = 16;
    for (const bool forward : {true, false}) {
        const ProbeDataset& source = forward ? demo.states() : demo.secondStates();
        const ProbeDataset& target = forward ? demo.secondStates() : demo.states();
        const TransferResult t = transferProbes(source, target, tr);
        const TransferLayer& last = t.layers.back();
        std::cout << "[ demo     ] transfer " << (forward ? "A → B" : "B → A") << " at layer "
                  << last.layer << ": " << last.auroc << " (direct " << last.aurocDirect
                  << ", source " << last.aurocSource << ")\n";
        EXPECT_GT(last.auroc, 0.75);
        EXPECT_GT(last.auroc, last.aurocDirect - 0.08);
    }

    // The preference tab: the multi-model preference set is separable, the single-model one is not.
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

    // Step 6: scored by the best layer's exported probe, wrong object words stand out.
    const ProbeFile file = toProbeFile(a);
    const CaptionScores cs = scoreCaptions(demo.captions(), file, best->layer);
    std::cout << "[ demo     ] caption objects AUROC " << cs.aurocObjects << '\n';
    EXPECT_GT(cs.aurocObjects, 0.75);
    // Coloured at p = ½: the share of wrong object words drawn red, of right ones drawn blue.
    double wrongRed = 0, wrong = 0, rightBlue = 0, right = 0;
    for (std::size_t i = 0; i < cs.captions.size(); ++i) {
        const Caption& c = demo.captions().captions()[i];
        for (std::size_t k = 0; k < c.tokens.size(); ++k) {
            if (c.labels[k] == 1) {
                wrong += 1;
                wrongRed += cs.captions[i].probability[k] > 0.5;
            } else if (c.labels[k] == 0) {
                right += 1;
                rightBlue += cs.captions[i].probability[k] <= 0.5;
            }
        }
    }
    std::cout << "[ demo     ] caption objects at p = 1/2: wrong drawn red " << wrongRed / wrong
              << ", right drawn blue " << rightBlue / right << '\n';
    // The probe (C = 1, unbalanced, a quarter of the rows wrong) is cautious: about half the
    // wrong words pass p = ½, almost no right one does.
    EXPECT_GT(wrongRed / wrong, 0.35);
    EXPECT_GT(rightBlue / right, 0.85);
}

}  // namespace
}  // namespace assay::core::probes
