#pragma once
// The options of `assay-run conformal` (the window and `assay render calibration` take the same
// keys from views/calibration/calibration_settings.cpp: one spelling, checked in both).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/conformal/calibration_analysis.h"
#include "assay/conformal/calibration_input.h"

namespace assay::app {

struct CalibrationOptions {
    std::string input;  // empty = the built-in demo
    bool demo = false;
    std::vector<std::string> maps;  // role=name
    double alpha = 0.28, delta = 0.28;
    int repetitions = 100;
    double calFraction = 0.5;
    std::uint64_t seed = 10;
    std::vector<double> weights{0.0, 1.0};  // w_l, w_f
    std::string statistic = "entropy";
    std::string calGroup = "all", testGroup = "all";
};

void addCalibrationOptions(CLI::App& cmd, CalibrationOptions& o);

// "gold=labels" → {"gold": "labels"}; throws core::ParameterError on malformed entries or roles
// the calibration view does not know.
core::conformal::RoleMap parseRoleMap(const std::vector<std::string>& maps);

// Loads the input (or the demo) and scores it; throws core::Error subclasses. Data with option
// probabilities but no sampled answers cannot use the black-box defaults: weights left at (0, 1)
// become (1, 0) and statistic entropy becomes whitebox, said in `note`.
struct LoadedCalibration {
    core::conformal::ScoredItems items;
    std::string description;      // "demo" or the file's summary
    std::string note;             // defaults adapted to the data ("" when none), for stdout
    std::vector<double> weights;  // the weights and statistic used (after adapting)
    std::string statistic;
};
LoadedCalibration loadCalibration(const CalibrationOptions& o);

// Params with group names resolved against the data ("all", a name, or an index).
core::conformal::CalibrationParams calibrationParams(const CalibrationOptions& o,
                                                     const core::conformal::ScoredItems& items);

// The options as JSON (for provenance).
nlohmann::json calibrationOptionsJson(const CalibrationOptions& o);

}  // namespace assay::app
