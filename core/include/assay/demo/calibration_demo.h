#pragma once
// The Calibration view's built-in demo: a simulated multiple-choice LLM with several domains,
// one of them shifted (many hard questions whose sampled answers scatter). Calibrated on all
// domains, plain conformal under-covers the shifted one; SConU's selection abstains on its
// scattered questions and restores coverage there. tests/core/conformal checks both claims.
#include <cstdint>

#include "assay/conformal/scored_items.h"

namespace assay::core::demo {

struct CalibrationDemoSpec {
    std::uint64_t seed = 10;
    int itemsPerDomain = 600;
    int options = 4;                // K (MMLU-like)
    int samples = 20;               // M sampled answers per question
    double hardShare = 0.15;        // share of hard questions in the ordinary domains
    double shiftedHardShare = 0.6;  // ... and in the shifted domain (the last one)
};

// Domains: Biology, History, Physics, Law (shifted). Fills prob (white-box), freq (sampled), gold.
conformal::ChoiceData makeCalibrationDemo(const CalibrationDemoSpec& = {});

// Index of the shifted domain in the demo's groups.
int calibrationDemoShiftedGroup();

}  // namespace assay::core::demo
