#pragma once
// A trained probe applied to every token of a caption set (papers.md §4 figure 3: each token
// coloured by p_t), with the per-sentence minimum-confidence position TruthPrInt backtracks to.
#include <cstdint>
#include <vector>

#include "assay/probes/captions.h"
#include "assay/probes/probe_file.h"

namespace assay::core::probes {

struct CaptionScore {
    std::vector<double> probability;  // per token: 1/(1+e^−(w·h+b)), "hallucinated"
    // Per token: index of the lowest-confidence token since the last sentence end ("." token)
    // up to and including this one; −1 without confidences.
    std::vector<int> backtrackTo;
};

struct CaptionScores {
    int layer = 0;
    std::vector<CaptionScore> captions;  // as in the set
    double aurocObjects = 0;  // over object tokens with labels 0/1; NaN if a class is absent
};

// InputError when the probe file lacks `layer` or the states lack it, or widths differ.
CaptionScores scoreCaptions(const CaptionSet& set, const ProbeFile& probe, int layer);

}  // namespace assay::core::probes
