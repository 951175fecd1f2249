#pragma once
// The three synthetic generators behind makeSyntheticSet (synthetic.h), and where each hides its
// spurious cue in the model input (what the clean model's training shuffles away).
#include <vector>

#include "assay/explain/synthetic.h"

namespace assay::core::explain::detail {

SyntheticSet makeTabularSet(const SyntheticOptions& options);
SyntheticSet makeImageSet(const SyntheticOptions& options);
SyntheticSet makeTextSet(const SyntheticOptions& options);

// The model inputs that carry the spurious cue (tabular: x3; image: the inputs of the patch's
// cell; text: the name tokens' bag-of-words entries).
std::vector<int> cueInputs(Domain domain);
std::vector<int> imageCueInputs();
std::vector<int> textCueInputs();

// Seed streams of a set, so that the training rows, the background and the explained items are
// independent draws whatever their sizes.
enum class SetStream : std::uint64_t { Train = 0, Background = 1, Items = 2 };

}  // namespace assay::core::explain::detail
