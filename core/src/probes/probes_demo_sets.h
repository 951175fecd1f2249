#pragma once
// Internal to core: what the Probes demo builds from a trained model's held-out states
// (probes_demo.h): the preference datasets and the captions. Plain C++.
#include <cstdint>
#include <vector>

#include "assay/probes/captions.h"
#include "assay/probes/preference_pairs.h"

namespace assay::core::probes::demo {

// One model over the held-out items.
struct DemoRun {
    int layers = 0;
    std::int64_t items = 0, width = 0;
    std::vector<float> states;            // [layers, items, width]
    std::vector<std::int64_t> predicted;  // argmax class
    std::vector<double> confidence;       // top-1 probability
    std::vector<std::uint8_t> wrong;      // predicted ≠ label: 1 (the "hallucinated" class)
    const float* row(int layer, std::int64_t item) const {
        return states.data() + (static_cast<std::size_t>(layer) * items + item) * width;
    }
};

// [0] "multi-model": chosen = states of items the model got right, rejected = of items it got
// wrong (two different sources, as when a strong and a weak model answer): separable where the
// probes are. [1] "single-model": both members drawn from the same pool of items, which one is
// "chosen" decided by a coin: no direction tells them apart (AUROC ≈ 0.5 at every layer). Both
// sets have the same number of pairs, min(#right, #wrong) capped at items / 4.
std::vector<PreferencePairs> makePreferenceSets(const DemoRun& run, const std::vector<int>& layers,
                                                std::uint64_t seed);

// Captions "There is a cat next to a dog." whose object words are the model's predictions for
// held-out test items (class names), labelled 1 when the prediction is wrong, with the model's
// top-1 probability as the word's confidence. The object word's row and the row of the token
// before it (the state that predicts the word, where papers.md §4 reads it) hold the item's
// states; the other tokens hold states of confidently right test items, confidences 0.8–0.99.
CaptionSet makeDemoCaptions(const DemoRun& run, const std::vector<std::uint8_t>& split,
                            const std::vector<int>& layers, std::uint64_t seed);

// The object words, by class.
const char* demoClassWord(std::int64_t c);

}  // namespace assay::core::probes::demo
