#pragma once
// Loading calibration data from the files users bring (README "Calibration inputs").
//
// Tables (.csv, .jsonl), one row per question:
//   multiple choice: gold (option index or name), p_<option>... and/or freq_<option>...
//                    (or samples: the sampled answers, e.g. "A C A A"), optional group and
//                    split (cal/test or 0/1: one fixed split). An empty p_/freq_ cell: the
//                    question does not have that option (ragged option counts); NaN is an error.
//   generic:         score, optional split (cal/test or 0/1), statistic, group
// Tensors (.safetensors, .npz): probs [N,K] float, freqs [N,K] float or samples [N,M] int,
// gold [N] int, optional group [N] int (names: metadata "group_names", JSON list or comma list),
// split [N] int (0 cal, 1 test) and option_mask [N,K] bool (true = the option exists);
// generic: score [N], optional split [N] int (0 cal, 1 test), statistic [N], group [N].
// A .npy file holds one 1-D array of generic scores.
// Names that differ are mapped to these roles with a RoleMap {"gold": "labels", ...}
// (`--map gold=labels` on the command lines).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "assay/conformal/scored_items.h"

namespace assay::core::conformal {

using RoleMap = std::map<std::string, std::string>;

struct CalibrationInput {
    bool generic = false;
    ChoiceData choice;   // when !generic
    GenericData scores;  // when generic
    std::filesystem::path path;
    std::string summary;  // "2400 questions × 4 options, 4 groups, probabilities + frequencies"
};

// The roles a calibration file can fill, with a one-line description each.
const std::vector<std::pair<std::string, std::string>>& calibrationRoles();

// Throws InputError naming the file, the field and what was expected.
CalibrationInput loadCalibrationInput(const std::filesystem::path&, const RoleMap& roles = {});

// Scores either form (generic data ignores weights and uses its own statistic).
ScoredItems scoreInput(const CalibrationInput&, ScoreWeights, Statistic);

}  // namespace assay::core::conformal
