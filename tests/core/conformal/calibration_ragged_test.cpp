// Real calibration sets' shapes: MMLU-Pro's 14 disciplines with 3 to 10 options per question
// (empty cells in tables, option_mask in tensor files), and a fixed cal/test split column for
// multiple-choice data. Every result is checked against a brute-force computation on the
// questions' own option lists.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "assay/conformal/calibration_analysis.h"
#include "assay/conformal/calibration_input.h"
#include "assay/conformal/calibration_json.h"
#include "assay/conformal/split_conformal.h"
#include "assay/conformal/split_evaluation.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/io/safetensors.h"
#include "calibration_test_util.h"

namespace assay::core::conformal {
namespace {

namespace fs = std::filesystem;

constexpr int kGroups = 14, kMaxOptions = 10, kPerGroup = 40, kSamples = 10;
constexpr ScoreWeights kWeights{0.3, 0.7};

using test::inputError;

fs::path scratch(const std::string& name) { return test::scratchPath("calibration_ragged", name); }

// One question as a user's data has it: only the options it has.
struct Question {
    std::vector<int> options;  // columns (0..9 = A..J) it has, ascending
    std::vector<double> p, f;  // per existing option
    int gold = 0;              // index into options
    int group = 0;
    int split = 0;  // 0 cal, 1 test (used by the split-column test)
};

std::vector<Question> makeQuestions(std::uint64_t seed) {
    SplitMix64 rng(seed);
    auto below = [&](int n) { return static_cast<int>(rng.below(static_cast<std::uint64_t>(n))); };
    std::vector<Question> qs;
    for (int g = 0; g < kGroups; ++g)
        for (int i = 0; i < kPerGroup; ++i) {
            Question q;
            q.group = g;
            const int k = 3 + below(8);  // 3..10 options
            std::vector<int> all(kMaxOptions);
            std::iota(all.begin(), all.end(), 0);
            for (int o = kMaxOptions; o > 1; --o) std::swap(all[o - 1], all[below(o)]);
            q.options.assign(all.begin(), all.begin() + k);  // any columns, not only the first
            std::sort(q.options.begin(), q.options.end());
            double sum = 0;
            for (int o = 0; o < k; ++o) {
                q.p.push_back(0.05 + below(1000) / 1000.0);
                sum += q.p.back();
            }
            for (double& v : q.p) v /= sum;
            q.f.assign(k, 0.0);
            for (int m = 0; m < kSamples; ++m) {  // samples drawn from p: some options never hit
                double u = below(1000000) / 1e6, acc = 0;
                int o = 0;
                while (o + 1 < k && (acc += q.p[o]) < u) ++o;
                q.f[o] += 1.0 / kSamples;
            }
            q.gold = below(k);
            q.split = below(3) == 0 ? 0 : 1;
            qs.push_back(q);
        }
    return qs;
}

std::string optionName(int o) { return std::string(1, static_cast<char>('A' + o)); }

std::string number(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

// A CSV with p_A..p_J and freq_A..freq_J, an empty cell where the question lacks the option.
fs::path writeCsv(const std::vector<Question>& qs, const std::string& name, bool withSplit) {
    std::ostringstream out;
    out << "gold,group";
    if (withSplit) out << ",split";
    for (const char* prefix : {"p_", "freq_"})
        for (int o = 0; o < kMaxOptions; ++o) out << "," << prefix << optionName(o);
    out << "\n";
    for (const Question& q : qs) {
        out << optionName(q.options[q.gold]) << ",discipline " << q.group;
        if (withSplit) out << "," << (q.split == 0 ? "cal" : "test");
        for (int which = 0; which < 2; ++which)
            for (int o = 0; o < kMaxOptions; ++o) {
                out << ",";
                const auto it = std::find(q.options.begin(), q.options.end(), o);
                if (it != q.options.end())
                    out << number((which == 0 ? q.p : q.f)[it - q.options.begin()]);
            }
        out << "\n";
    }
    const fs::path path = scratch(name);
    std::ofstream(path) << out.str();
    return path;
}

// The same questions as tensors: [N,10] padded (NaN probabilities and zero frequencies where an
// option is missing: the padding must be ignored) with option_mask.
fs::path writeTensors(const std::vector<Question>& qs, const std::string& name) {
    const std::size_t n = qs.size();
    std::vector<double> probs(n * kMaxOptions, NAN), freqs(n * kMaxOptions, 0.0);
    std::vector<std::int64_t> gold, group;
    io::TensorToWrite mask{"option_mask",
                           io::DType::Bool,
                           {static_cast<std::int64_t>(n), kMaxOptions},
                           std::vector<unsigned char>(n * kMaxOptions, 0)};
    for (std::size_t i = 0; i < n; ++i) {
        const Question& q = qs[i];
        for (std::size_t j = 0; j < q.options.size(); ++j) {
            probs[i * kMaxOptions + q.options[j]] = q.p[j];
            freqs[i * kMaxOptions + q.options[j]] = q.f[j];
            mask.bytes[i * kMaxOptions + q.options[j]] = 1;
        }
        gold.push_back(q.options[q.gold]);
        group.push_back(q.group);
    }
    const auto N = static_cast<std::int64_t>(n);
    const fs::path path = scratch(name);
    io::writeSafetensors(
        path,
        {io::tensorFromDoubles("probs", probs, {N, kMaxOptions}),
         io::tensorFromDoubles("freqs", freqs, {N, kMaxOptions}),
         io::tensorFromInt64("gold", gold, {N}), io::tensorFromInt64("group", group, {N}), mask},
        {});
    return path;
}

// Brute force on one question's own options.
double score(const Question& q, std::size_t j) {
    return 1.0 - kWeights.logit * q.p[j] - kWeights.freq * q.f[j];
}
double entropy(const Question& q) {
    double h = 0;
    for (double v : q.f)
        if (v > 0) h -= v * std::log(v);
    return h;
}
// q̂: the ⌈(n+1)(1−α)⌉-th smallest calibration score, +∞ past n.
double threshold(const std::vector<Question>& qs, const std::vector<std::size_t>& cal,
                 double alpha) {
    std::vector<double> s;
    for (std::size_t i : cal) s.push_back(score(qs[i], qs[i].gold));
    std::sort(s.begin(), s.end());
    const auto r = static_cast<std::size_t>(
        std::ceil(static_cast<double>(s.size() + 1) * (1.0 - alpha) - 1e-9));
    return r > s.size() ? INFINITY : s[std::max<std::size_t>(r, 1) - 1];
}
int setSize(const Question& q, double qhat) {
    int size = 0;
    for (std::size_t j = 0; j < q.options.size(); ++j) size += score(q, j) <= qhat;
    return size;
}

TEST(CalibrationRagged, EmptyCellsAreNotOptionsAndResultsMatchBruteForce) {
    const std::vector<Question> qs = makeQuestions(7);
    const CalibrationInput in = loadCalibrationInput(writeCsv(qs, "ragged.csv", false));
    ASSERT_FALSE(in.generic);
    EXPECT_EQ(in.choice.options, std::size_t(kMaxOptions));
    EXPECT_EQ(in.choice.groupNames.size(), std::size_t(kGroups));
    EXPECT_NE(in.summary.find("3–10 options"), std::string::npos) << in.summary;
    const ScoredItems s = scoreInput(in, kWeights, Statistic::PredictiveEntropy);
    ASSERT_EQ(s.n, qs.size());
    for (std::size_t i = 0; i < qs.size(); ++i) {
        ASSERT_NEAR(s.goldScore[i], score(qs[i], qs[i].gold), 1e-12) << i;
        // The entropy of the question's own frequencies (missing options add nothing).
        ASSERT_NEAR(s.statistic[i], entropy(qs[i]), 1e-12) << i;
    }

    CalibrationParams params;
    params.repetitions = 6;
    // 0.001: the threshold is +∞ and every set holds all the question's options, no more.
    params.alphaGrid = {0.001, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8};
    params.alpha = 0.2;
    const CalibrationReport rep = analyzeCalibration(s, params);
    const std::size_t A = params.alphaGrid.size();
    std::vector<double> size(A, 0), cover(A, 0);
    std::vector<double> strCount(kMaxOptions + 1, 0);
    for (int r = 0; r < params.repetitions; ++r) {
        std::vector<std::size_t> cal, test;
        drawSplit(s, params, r, cal, test);
        for (std::size_t a = 0; a < A; ++a) {
            const double qhat = threshold(qs, cal, params.alphaGrid[a]);
            double sizes = 0, covered = 0;
            for (std::size_t i : test) {
                sizes += setSize(qs[i], qhat);
                covered += score(qs[i], qs[i].gold) <= qhat;
            }
            size[a] += sizes / test.size() / params.repetitions;
            cover[a] += covered / test.size() / params.repetitions;
        }
        const double qref = threshold(qs, cal, params.alpha);
        for (std::size_t i : test) strCount[setSize(qs[i], qref)] += 1.0 / params.repetitions;
        if (r == 0) {  // the reference split, set by set
            const SplitEvaluation e = evaluateSplit(s, cal, test, params.alpha, params.delta);
            for (std::size_t j = 0; j < test.size(); ++j)
                ASSERT_EQ(e.setSize[j], setSize(qs[test[j]], qref)) << j;
        }
    }
    for (std::size_t a = 0; a < A; ++a) {
        EXPECT_NEAR(rep.curves.setSize.mean[a], size[a], 1e-9) << params.alphaGrid[a];
        EXPECT_NEAR(rep.curves.coverage.mean[a], cover[a], 1e-9) << params.alphaGrid[a];
    }
    EXPECT_LT(rep.curves.setSize.mean[0], 7.0);  // the mean option count, not 10
    for (std::size_t z = 0; z <= std::size_t(kMaxOptions); ++z)
        EXPECT_NEAR(std::isnan(rep.stratified.countBefore[z]) ? 0 : rep.stratified.countBefore[z],
                    strCount[z], 1e-9)
            << "size " << z;
    // The cross-domain matrix covers the 14 groups.
    EXPECT_EQ(rep.crossDomain.original.apss.size(), std::size_t(kGroups * kGroups));
}

TEST(CalibrationRagged, TensorOptionMaskSaysTheSameAsEmptyCells) {
    const std::vector<Question> qs = makeQuestions(11);
    const ScoredItems fromCsv = scoreInput(loadCalibrationInput(writeCsv(qs, "same.csv", false)),
                                           kWeights, Statistic::PredictiveEntropy);
    const CalibrationInput t = loadCalibrationInput(writeTensors(qs, "same.safetensors"));
    ASSERT_EQ(t.choice.optionMask.size(), qs.size() * kMaxOptions);
    const ScoredItems fromTensors = scoreInput(t, kWeights, Statistic::PredictiveEntropy);
    EXPECT_EQ(fromTensors.goldScore, fromCsv.goldScore);
    EXPECT_EQ(fromTensors.statistic, fromCsv.statistic);
    EXPECT_EQ(fromTensors.optionScore, fromCsv.optionScore);
    for (Statistic stat : {Statistic::NumDistinct, Statistic::SecondLargest})
        EXPECT_EQ(scoreInput(t, kWeights, stat).statistic,
                  scoreInput(loadCalibrationInput(writeCsv(qs, "same.csv", false)), kWeights, stat)
                      .statistic);
}

TEST(CalibrationRagged, NaNStaysAnErrorAndInconsistentOptionsAreNamed) {
    const fs::path nan = scratch("nan.csv");
    std::ofstream(nan) << "gold,p_A,p_B,p_C\nA,0.5,0.5,\nB,0.2,0.8,\nC,0.1,NaN,0.9\n";
    EXPECT_EQ(inputError([&] { loadCalibrationInput(nan); }),
              "nan.csv: row 3, column p_B: expected a number (or an empty cell: not an option of "
              "this question), got 'NaN'");
    const fs::path gold = scratch("gold.csv");
    std::ofstream(gold) << "gold,p_A,p_B,p_C\nA,0.5,0.5,\nB,0.2,0.8,\nC,0.1,0.9,\n";
    EXPECT_EQ(inputError([&] {
                  scoreInput(loadCalibrationInput(gold), {1, 0}, Statistic::WhiteBoxEntropy);
              }),
              "gold.csv: gold: row 3: the gold answer C is not an option of this question");
    const fs::path mixed = scratch("mixed.csv");
    std::ofstream(mixed) << "gold,p_A,p_B,freq_A,freq_B\nA,0.5,0.5,1,0\nA,1,,1,0\n";
    const std::string m = inputError([&] { loadCalibrationInput(mixed); });
    EXPECT_EQ(m,
              "mixed.csv: row 2, column p_B: is empty but freq_B is not: a question lacks an "
              "option in both or in neither");
}

TEST(CalibrationRagged, MessagesAboutRowsCountFromOne) {
    // The third question is wrong in each file: every message says row 3.
    std::vector<std::int64_t> gold = {0, 1, 0}, split = {0, 1, 4};
    io::TensorToWrite mask{"option_mask", io::DType::Bool, {3, 2}, {1, 1, 1, 1, 1, 1}};
    const fs::path bad = scratch("bad.safetensors");
    io::writeSafetensors(
        bad,
        {io::tensorFromDoubles("freqs", {1, 0, 0, 1, 0.5, 0.5}, {3, 2}),
         io::tensorFromInt64("gold", gold, {3}), io::tensorFromInt64("split", split, {3}), mask},
        {});
    EXPECT_EQ(inputError([&] { loadCalibrationInput(bad); }),
              "bad.safetensors: split: row 3: value 4 is not 0 (calibration) or 1 (test)");
    mask.bytes = {1, 1, 1, 1, 0, 1};
    io::writeSafetensors(bad,
                         {io::tensorFromDoubles("freqs", {1, 0, 0, 1, 0.5, 0.5}, {3, 2}),
                          io::tensorFromInt64("gold", gold, {3}), mask},
                         {});
    EXPECT_EQ(inputError(
                  [&] { scoreInput(loadCalibrationInput(bad), {}, Statistic::PredictiveEntropy); }),
              "bad.safetensors: gold: row 3: the gold answer A is not an option of this question");
    gold = {0, 1, 1};
    io::writeSafetensors(bad,
                         {io::tensorFromDoubles("freqs", {1, 0, 0, 1, 0.5, 0.5}, {3, 2}),
                          io::tensorFromInt64("gold", gold, {3}), mask},
                         {});
    EXPECT_EQ(inputError(
                  [&] { scoreInput(loadCalibrationInput(bad), {}, Statistic::PredictiveEntropy); }),
              "bad.safetensors: frequencies: row 3, option A: sampled 0.5 of the time, but the "
              "question does not have it");
    const fs::path csv = scratch("split.csv");
    std::ofstream(csv) << "gold,p_A,p_B,split\nA,0.5,0.5,cal\nB,0.5,0.5,test\nA,0.5,0.5,later\n";
    EXPECT_EQ(inputError([&] { loadCalibrationInput(csv); }),
              "split.csv: row 3, column split: 'later' is not cal or test");
    const fs::path samples = scratch("samples.csv");
    std::ofstream(samples) << "gold,p_A,p_B,p_C,samples\nA,0.5,0.5,0,A B\nB,0.5,0.5,0,B\n"
                              "A,0.5,0.5,,A C\n";
    const std::string m = inputError([&] { loadCalibrationInput(samples); });
    EXPECT_NE(m.find("samples.csv: row 3, column samples: samples answer C"), std::string::npos)
        << m;
}

TEST(CalibrationRagged, AFixedSplitColumnIsHonouredForMultipleChoice) {
    const std::vector<Question> qs = makeQuestions(5);
    const CalibrationInput in = loadCalibrationInput(writeCsv(qs, "split.csv", true));
    ASSERT_EQ(in.choice.split.size(), qs.size());
    const ScoredItems s = scoreInput(in, kWeights, Statistic::PredictiveEntropy);
    CalibrationParams params;
    params.alphaGrid = {0.1, 0.2, 0.3};
    params.alpha = 0.2;
    params.calFraction = 0.3;  // no effect: the data says which rows calibrate
    const CalibrationReport rep = analyzeCalibration(s, params);
    EXPECT_TRUE(rep.fixedSplit);
    EXPECT_EQ(toJson(rep)["fixed_split"], true);
    EXPECT_EQ(toJson(rep)["selection_on_score"], false);
    std::vector<std::size_t> cal, test;
    for (std::size_t i = 0; i < qs.size(); ++i) (qs[i].split == 0 ? cal : test).push_back(i);
    EXPECT_EQ(rep.reference.calItems, cal);
    EXPECT_EQ(rep.reference.testItems, test);
    EXPECT_DOUBLE_EQ(rep.curves.meanCalSize, static_cast<double>(cal.size()));
    EXPECT_DOUBLE_EQ(rep.curves.meanTestSize, static_cast<double>(test.size()));
    for (std::size_t a = 0; a < params.alphaGrid.size(); ++a) {
        const double qhat = threshold(qs, cal, params.alphaGrid[a]);
        double covered = 0, sizes = 0;
        for (std::size_t i : test) {
            covered += score(qs[i], qs[i].gold) <= qhat;
            sizes += setSize(qs[i], qhat);
        }
        EXPECT_NEAR(rep.curves.coverage.mean[a], covered / test.size(), 1e-12);
        EXPECT_NEAR(rep.curves.setSize.mean[a], sizes / test.size(), 1e-12);
        EXPECT_DOUBLE_EQ(rep.curves.coverage.std[a], 0.0);  // one split: nothing varies
    }
    // A calibration group keeps the fixed split's calibration rows of that group only.
    params.calGroup = 2;
    const CalibrationReport g = analyzeCalibration(s, params);
    std::vector<std::size_t> cal2;
    for (std::size_t i : cal)
        if (qs[i].group == 2) cal2.push_back(i);
    EXPECT_EQ(g.reference.calItems, cal2);
    EXPECT_EQ(g.reference.testItems, test);
}

}  // namespace
}  // namespace assay::core::conformal
