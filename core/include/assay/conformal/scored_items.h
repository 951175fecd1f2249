#pragma once
// Calibration inputs (papers.md §5) and their reduction to nonconformity scores.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace assay::core::conformal {

// Multiple-choice / classification data: N items, K options each. Row-major [N,K] arrays.
struct ChoiceData {
    std::size_t items = 0;           // N
    std::size_t options = 0;         // K
    std::vector<double> prob;        // [N,K] option probabilities p_i(o) (white-box); may be empty
    std::vector<double> freq;        // [N,K] sampled-answer frequencies freq_i(o); may be empty
    std::vector<std::int32_t> gold;  // [N] gold option index in [0,K)
    // [N,K] 1 = the question has this option, 0 = it does not (ragged option counts: MMLU-Pro
    // questions have 3 to 10 options). Empty = every question has all K. A missing option is in
    // no prediction set and has no probability or frequency (its values are ignored).
    std::vector<std::uint8_t> optionMask;
    std::vector<std::int32_t> group;       // [N] group (domain) index, or empty for one group
    std::vector<std::int8_t> split;        // [N] 0 = calibration, 1 = test; empty = random splits
    std::vector<std::string> groupNames;   // names of the groups (index = group id)
    std::vector<std::string> optionNames;  // "A", "B", ... (display only)
    std::string source;  // file name for messages ("mmlu.csv"); empty = "calibration data"
};

// Generic data: one nonconformity score per item (the score of its true label) and an
// optional fixed calibration/test split. There are no option sets, so set sizes are undefined.
struct GenericData {
    std::vector<double> score;        // [N]
    std::vector<std::int8_t> split;   // [N] 0 = calibration, 1 = test; empty = random splits
    std::vector<double> statistic;    // [N] statistic U for p-values; empty = the score itself
    std::vector<std::int32_t> group;  // [N] or empty
    std::vector<std::string> groupNames;
    std::string source;  // file name for messages; empty = "calibration data"
};

// u(o) = 1 - w_l·p(o) - w_f·freq(o). Defaults (0, 1): the paper's black-box score.
struct ScoreWeights {
    double logit = 0.0;
    double freq = 1.0;
};

// Statistic U of an item for the conformal p-values; larger U = less typical (more uncertain).
enum class Statistic {
    PredictiveEntropy,  // -Σ freq log freq (black-box; the paper's default)
    NumDistinct,        // number of distinct sampled answers (options with freq > 0)
    SecondLargest,      // second-largest frequency (probability if no frequencies)
    WhiteBoxEntropy,    // -Σ p log p
    Score               // the item's own score (generic data)
};
const char* statisticName(Statistic);  // "entropy", "distinct", "second", "whitebox", "score"
Statistic statisticFromName(const std::string&);  // throws ParameterError

// Everything the conformal procedures need, per item. Produced by scoreItems().
struct ScoredItems {
    std::size_t n = 0;
    std::size_t k = 0;                    // options per item; 0 for generic data (no sets)
    std::vector<double> optionScore;      // [n,k] u_i(o); +∞ for an option item i lacks
    std::vector<double> goldScore;        // [n] s_i = u_i(y_i*)
    std::vector<double> statistic;        // [n] U_i
    std::vector<std::int32_t> group;      // [n] (all 0 when there are no groups)
    std::vector<std::string> groupNames;  // at least one entry
    std::vector<std::int8_t> fixedSplit;  // [n] 0 cal / 1 test, or empty = random splits
    // Generic data without a statistic: selection uses the score itself, so the SConU-selected
    // items are the lowest-scored ones and their coverage is 1 by construction.
    bool statisticIsScore = false;
    std::vector<std::uint8_t>
        goldSampled;  // [n] 1 if the gold answer was sampled; empty if unknown
};

// True when option score u is in the set of threshold q: u ≤ q, and the option exists (a missing
// option's score is +∞, which even an infinite threshold leaves out).
inline bool inSet(double u, double q) { return u <= q && u < HUGE_VAL; }

// Validates (shapes, gold in range and an option of its item, probabilities finite) and scores.
// Throws InputError/ParameterError whose messages name the source file and count rows from 1
// ("mmlu.csv: gold: row 3: label 5 is outside 0..3"). Every statistic is invariant under a
// relabelling of the options, bit for bit (sums run over the values sorted ascending), so p-value
// ties do not depend on option order.
ScoredItems scoreItems(const ChoiceData&, ScoreWeights, Statistic);
ScoredItems scoreItems(const GenericData&);

// Minimum manageable risk α_l = N·L_N(1)/(N+1), L_N(1) = share of items whose samples never hit
// the gold answer (papers.md §5). Over the given items; 0 when goldSampled is unknown.
double minimumRisk(const ScoredItems&, const std::vector<std::size_t>& items);

}  // namespace assay::core::conformal
