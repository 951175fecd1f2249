// Loading calibration files and scoring them: statistics that do not depend on option order,
// messages that name the file, the field and the 1-based row, and the table forms users write.
#include "assay/conformal/calibration_input.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "assay/conformal/calibration_analysis.h"
#include "assay/conformal/split_evaluation.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/demo/calibration_demo.h"
#include "calibration_test_util.h"

namespace assay::core::conformal {
namespace {

namespace fs = std::filesystem;

using test::inputError;

fs::path writeFile(const std::string& name, const std::string& text) {
    const fs::path path = test::scratchPath("calibration_input", name);
    std::ofstream(path) << text;
    return path;
}

// The same questions with their options relabelled by a different permutation per question.
ChoiceData permuteOptions(const ChoiceData& d, std::uint64_t seed) {
    ChoiceData p = d;
    SplitMix64 rng(seed);
    std::vector<std::size_t> perm(d.options);
    for (std::size_t i = 0; i < d.items; ++i) {
        std::iota(perm.begin(), perm.end(), std::size_t{0});
        for (std::size_t o = d.options; o > 1; --o) std::swap(perm[o - 1], perm[rng.next() % o]);
        for (std::size_t o = 0; o < d.options; ++o) {  // option o moves to column perm[o]
            if (!d.prob.empty()) p.prob[i * d.options + perm[o]] = d.prob[i * d.options + o];
            if (!d.freq.empty()) p.freq[i * d.options + perm[o]] = d.freq[i * d.options + o];
        }
        p.gold[i] = static_cast<std::int32_t>(perm[d.gold[i]]);
    }
    return p;
}

TEST(CalibrationInput, PermutingOptionsGivesIdenticalPValuesAndSelections) {
    demo::CalibrationDemoSpec spec;
    spec.itemsPerDomain = 200;
    const ChoiceData d = demo::makeCalibrationDemo(spec);
    ASSERT_FALSE(d.prob.empty());
    ASSERT_FALSE(d.freq.empty());
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const ChoiceData p = permuteOptions(d, seed);
        for (Statistic stat : {Statistic::PredictiveEntropy, Statistic::WhiteBoxEntropy,
                               Statistic::SecondLargest, Statistic::NumDistinct}) {
            const ScoreWeights w = stat == Statistic::WhiteBoxEntropy ? ScoreWeights{1.0, 0.0}
                                                                      : ScoreWeights{0.3, 0.7};
            const ScoredItems a = scoreItems(d, w, stat), b = scoreItems(p, w, stat);
            // Bit for bit: the p-values count ties U_i >= U_test exactly.
            ASSERT_EQ(a.statistic, b.statistic) << statisticName(stat);
            ASSERT_EQ(a.goldScore, b.goldScore) << statisticName(stat);
            CalibrationParams params;
            std::vector<std::size_t> cal, test;
            drawSplit(a, params, 0, cal, test);
            const SplitEvaluation ea = evaluateSplit(a, cal, test, 0.28, 0.28);
            const SplitEvaluation eb = evaluateSplit(b, cal, test, 0.28, 0.28);
            EXPECT_EQ(ea.pValue, eb.pValue) << statisticName(stat);
            EXPECT_EQ(ea.pValuePro, eb.pValuePro) << statisticName(stat);
            EXPECT_EQ(ea.setSize, eb.setSize) << statisticName(stat);
            EXPECT_EQ(ea.sconu.count, eb.sconu.count) << statisticName(stat);
            EXPECT_EQ(ea.sconuPro.count, eb.sconuPro.count) << statisticName(stat);
        }
    }
}

TEST(CalibrationInput, EntropyIsTheSameForEveryOrderOfTheSameFrequencies) {
    // Frequencies whose naive left-to-right sums differ in the last bit by order.
    ChoiceData d;
    d.items = 2;
    d.options = 5;
    d.freq = {0.05, 0.15, 0.35, 0.2, 0.25, 0.35, 0.25, 0.05, 0.2, 0.15};
    d.gold = {0, 2};
    const ScoredItems s = scoreItems(d, {}, Statistic::PredictiveEntropy);
    EXPECT_EQ(s.statistic[0], s.statistic[1]);
}

TEST(CalibrationInput, MessagesNameTheFileTheFieldAndTheRowFromOne) {
    ChoiceData d;
    d.items = 3;
    d.options = 4;
    d.freq.assign(12, 0.25);
    d.gold = {0, 1, 5};
    d.source = "exam.csv";
    EXPECT_EQ(inputError([&] { scoreItems(d, {}, Statistic::PredictiveEntropy); }),
              "exam.csv: gold: row 3: label 5 is outside 0..3");
    d.gold = {0, 1, 2};
    d.optionNames = {"A", "B", "C", "D"};
    d.freq[5] = 1.5;
    EXPECT_EQ(inputError([&] { scoreItems(d, {}, Statistic::PredictiveEntropy); }),
              "exam.csv: frequencies: row 2, option B: value 1.5 is not a probability in [0, 1]");

    GenericData g;
    g.score = {0.1, 0.2, 0.3};
    g.split = {0, 1, 7};
    g.source = "scores.npz";
    EXPECT_EQ(inputError([&] { scoreItems(g); }),
              "scores.npz: split: row 3: value 7 is not 0 (calibration) or 1 (test)");
    g.split.clear();
    g.statistic = {0.5, NAN, 0.1};
    EXPECT_EQ(inputError([&] { scoreItems(g); }),
              "scores.npz: statistic: row 2: is NaN (missing or not a number)");

    // Through the loader: the CSV's file name, and its row numbers.
    const fs::path csv = writeFile("generic.csv", "score,statistic\n0.1,0.2\n0.3,\n");
    const std::string m =
        inputError([&] { scoreInput(loadCalibrationInput(csv), {}, Statistic::Score); });
    EXPECT_NE(m.find("generic.csv: statistic: row 2"), std::string::npos) << m;
    const fs::path bad = writeFile("bad.csv", "gold,p_A,p_B\nA,0.5,0.5\nB,0.2,1.2\n");
    const std::string mb = inputError([&] {
        scoreInput(loadCalibrationInput(bad), {1, 0}, Statistic::WhiteBoxEntropy);
    });
    EXPECT_EQ(mb,
              "bad.csv: probabilities: row 2, option B: value 1.2 is not a probability in [0, 1]");
}

TEST(CalibrationInput, FrequencyAndProbabilityColumnsPairByOptionName) {
    const fs::path mismatched =
        writeFile("mismatch.csv", "gold,p_A,p_B,freq_X,freq_Y\nA,0.6,0.4,0.5,0.5\n");
    const std::string m = inputError([&] { loadCalibrationInput(mismatched); });
    EXPECT_NE(m.find("freq_X"), std::string::npos) << m;
    EXPECT_NE(m.find("no matching p_X"), std::string::npos) << m;
    // Same names in another column order: paired by name, not position.
    const fs::path swapped =
        writeFile("swapped.csv", "gold,p_A,p_B,freq_B,freq_A\nA,0.6,0.4,0.25,0.75\n");
    const CalibrationInput in = loadCalibrationInput(swapped);
    EXPECT_EQ(in.choice.freq, (std::vector<double>{0.75, 0.25}));
}

TEST(CalibrationInput, SamplesAsJsonArraysAndTheOptionSetInferred) {
    const fs::path jsonl =
        writeFile("s.jsonl",
                  "{\"gold\": 4, \"samples\": [0, 2, 1, 4]}\n{\"gold\": 1, \"samples\": [1, 1]}\n");
    const CalibrationInput a = loadCalibrationInput(jsonl);
    ASSERT_EQ(a.choice.options, 5u);
    EXPECT_EQ(a.choice.gold, (std::vector<std::int32_t>{4, 1}));
    EXPECT_DOUBLE_EQ(a.choice.freq[4], 0.25);
    EXPECT_DOUBLE_EQ(a.choice.freq[5 + 1], 1.0);
    const fs::path letters =
        writeFile("letters.jsonl", "{\"gold\": \"E\", \"samples\": [\"A\", \"E\"]}\n");
    EXPECT_EQ(loadCalibrationInput(letters).choice.options, 5u);
    // A CSV with only samples: five options A..E seen, not the A–D of four-option exams.
    const fs::path csv = writeFile("five.csv", "gold,samples\nE,A C E E\nB,ABBD\n");
    const CalibrationInput c = loadCalibrationInput(csv);
    ASSERT_EQ(c.choice.options, 5u);
    EXPECT_EQ(c.choice.optionNames.back(), "E");
    EXPECT_DOUBLE_EQ(c.choice.freq[4], 0.5);
    EXPECT_NO_THROW(scoreInput(c, {}, Statistic::PredictiveEntropy));
}

TEST(CalibrationInput, AMappedColumnThatIsMissingIsNamed) {
    const fs::path csv = writeFile("mapped.csv", "gold,p_A,p_B\nA,0.6,0.4\n");
    const std::string m = inputError([&] { loadCalibrationInput(csv, {{"gold", "nope"}}); });
    EXPECT_NE(m.find("column 'nope' (mapped to role gold) not found"), std::string::npos) << m;
}

}  // namespace
}  // namespace assay::core::conformal
