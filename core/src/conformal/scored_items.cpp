#include "assay/conformal/scored_items.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "assay/core/error.h"

namespace assay::core::conformal {
namespace {

// -Σ p log p summed over the values sorted ascending: the same bits whatever the option order
// (floating-point addition is not associative, and p-values count ties U_i >= U_test exactly).
double entropy(const double* p, std::size_t k, std::vector<double>& scratch) {
    scratch.assign(p, p + k);
    std::sort(scratch.begin(), scratch.end());
    double h = 0.0;
    for (double v : scratch)
        if (v > 0.0) h -= v * std::log(v);
    return h;
}

std::string sourceName(const std::string& source) {
    return source.empty() ? "calibration data" : source;
}

std::string row(std::size_t i) { return "row " + std::to_string(i + 1); }

double secondLargest(const double* p, std::size_t k) {
    double first = -1.0, second = 0.0;
    for (std::size_t o = 0; o < k; ++o) {
        if (p[o] > first) {
            second = std::max(first, 0.0);
            first = p[o];
        } else if (p[o] > second)
            second = p[o];
    }
    return k < 2 ? 0.0 : second;
}

std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string optionName(const ChoiceData& d, std::size_t o) {
    return o < d.optionNames.size() ? d.optionNames[o] : std::to_string(o);
}

void checkMatrix(const ChoiceData& d, const std::vector<double>& m, const char* name) {
    const std::size_t n = d.items, k = d.options;
    if (m.empty()) return;
    if (m.size() != n * k)
        throw InputError(sourceName(d.source), name,
                         "has " + std::to_string(m.size()) + " values, expected N×K = " +
                             std::to_string(n) + "×" + std::to_string(k));
    for (std::size_t i = 0; i < m.size(); ++i)
        if ((d.optionMask.empty() || d.optionMask[i]) &&
            (!std::isfinite(m[i]) || m[i] < -1e-9 || m[i] > 1.0 + 1e-9)) {
            const std::string option = optionName(d, i % k);
            throw InputError(sourceName(d.source), name,
                             row(i / k) + ", option " + option + ": value " + number(m[i]) +
                                 " is not a probability in [0, 1]");
        }
}

void checkGroups(const std::vector<std::int32_t>& group, std::size_t n,
                 std::vector<std::string>& names, const std::string& source) {
    if (group.empty()) {
        if (names.empty()) names = {"all"};
        return;
    }
    if (group.size() != n)
        throw InputError(sourceName(source), "group",
                         "has " + std::to_string(group.size()) +
                             " entries, expected one per item (" + std::to_string(n) + ")");
    const std::int32_t maxGroup = *std::max_element(group.begin(), group.end());
    for (std::size_t i = 0; i < n; ++i)
        if (group[i] < 0)
            throw InputError(sourceName(source), "group",
                             row(i) + ": group index " + std::to_string(group[i]) + " is negative");
    while (names.size() < static_cast<std::size_t>(maxGroup) + 1)
        names.push_back("group " + std::to_string(names.size()));
}

// A fixed calibration/test split: one 0/1 per item, both sides non-empty.
void checkSplit(const std::vector<std::int8_t>& split, std::size_t n, const std::string& source) {
    if (split.empty()) return;
    const std::string src = sourceName(source);
    if (split.size() != n)
        throw InputError(src, "split",
                         "has " + std::to_string(split.size()) +
                             " entries, expected one per item (" + std::to_string(n) + ")");
    for (std::size_t i = 0; i < n; ++i)
        if (split[i] != 0 && split[i] != 1)
            throw InputError(src, "split",
                             row(i) + ": value " + std::to_string(split[i]) +
                                 " is not 0 (calibration) or 1 (test)");
}

}  // namespace

const char* statisticName(Statistic s) {
    switch (s) {
        case Statistic::PredictiveEntropy:
            return "entropy";
        case Statistic::NumDistinct:
            return "distinct";
        case Statistic::SecondLargest:
            return "second";
        case Statistic::WhiteBoxEntropy:
            return "whitebox";
        case Statistic::Score:
            return "score";
    }
    return "entropy";
}

Statistic statisticFromName(const std::string& name) {
    for (Statistic s : {Statistic::PredictiveEntropy, Statistic::NumDistinct,
                        Statistic::SecondLargest, Statistic::WhiteBoxEntropy, Statistic::Score})
        if (name == statisticName(s)) return s;
    throw ParameterError(
        "statistic",
        "'" + name + "' is unknown (expected entropy, distinct, second, whitebox or score)");
}

ScoredItems scoreItems(const ChoiceData& d, ScoreWeights w, Statistic stat) {
    const std::size_t n = d.items, k = d.options;
    const std::string src = sourceName(d.source);
    if (n == 0 || k == 0) throw InputError(src + ": no items or no options (N = 0 or K = 0)");
    if (d.prob.empty() && d.freq.empty())
        throw InputError(src + ": needs option probabilities or sampled-answer frequencies");
    if (!d.optionMask.empty() && d.optionMask.size() != n * k)
        throw InputError(src, "option_mask",
                         "has " + std::to_string(d.optionMask.size()) + " values, expected N×K = " +
                             std::to_string(n) + "×" + std::to_string(k));
    checkMatrix(d, d.prob, "probabilities");
    checkMatrix(d, d.freq, "frequencies");
    if (d.gold.size() != n)
        throw InputError(src, "gold",
                         "has " + std::to_string(d.gold.size()) +
                             " entries, expected one per item (" + std::to_string(n) + ")");
    if (d.prob.empty() && w.logit != 0.0)
        throw ParameterError("weights",
                             "a logit weight needs option probabilities, which the data lacks");
    if (d.freq.empty() && w.freq != 0.0)
        throw ParameterError("weights",
                             "a frequency weight needs sampled answers, which the data lacks");
    const bool needFreq = stat == Statistic::PredictiveEntropy || stat == Statistic::NumDistinct;
    if (needFreq && d.freq.empty())
        throw ParameterError("statistic", std::string(statisticName(stat)) +
                                              " needs sampled answers, which the data lacks");
    if (stat == Statistic::WhiteBoxEntropy && d.prob.empty())
        throw ParameterError("statistic",
                             "whitebox needs option probabilities, which the data lacks");

    checkSplit(d.split, n, d.source);
    ScoredItems s;
    s.n = n;
    s.k = k;
    s.fixedSplit = d.split;
    s.groupNames = d.groupNames;
    checkGroups(d.group, n, s.groupNames, d.source);
    s.group = d.group.empty() ? std::vector<std::int32_t>(n, 0) : d.group;
    s.optionScore.resize(n * k);
    std::vector<double> scratch, probRow, freqRow;
    s.goldScore.resize(n);
    s.statistic.resize(n);
    if (!d.freq.empty()) s.goldSampled.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t g = d.gold[i];
        if (g < 0 || static_cast<std::size_t>(g) >= k)
            throw InputError(src, "gold",
                             row(i) + ": label " + std::to_string(g) + " is outside 0.." +
                                 std::to_string(k - 1));
        const double* p = d.prob.empty() ? nullptr : &d.prob[i * k];
        const double* f = d.freq.empty() ? nullptr : &d.freq[i * k];
        const std::uint8_t* exists = d.optionMask.empty() ? nullptr : &d.optionMask[i * k];
        if (exists) {
            if (!exists[g])
                throw InputError(src, "gold",
                                 row(i) + ": the gold answer " + optionName(d, g) +
                                     " is not an option of this question");
            // A missing option has no probability and no frequency: the statistics see 0 there
            // (which adds nothing to an entropy, a count or a maximum). Padded probabilities
            // are ignored; a sampled answer that is not an option is an error.
            auto masked = [&](const double* v, std::vector<double>& out) -> const double* {
                if (!v) return nullptr;
                out.assign(v, v + k);
                for (std::size_t o = 0; o < k; ++o)
                    if (!exists[o]) out[o] = 0.0;
                return out.data();
            };
            for (std::size_t o = 0; f && o < k; ++o)
                if (!exists[o] && f[o] > 0.0)
                    throw InputError(src, "frequencies",
                                     row(i) + ", option " + optionName(d, o) + ": sampled " +
                                         number(f[o]) +
                                         " of the time, but the question does not have it");
            p = masked(p, probRow);
            f = masked(f, freqRow);
        }
        for (std::size_t o = 0; o < k; ++o)
            s.optionScore[i * k + o] =
                exists && !exists[o] ? HUGE_VAL
                                     : 1.0 - (p ? w.logit * p[o] : 0.0) - (f ? w.freq * f[o] : 0.0);
        s.goldScore[i] = s.optionScore[i * k + g];
        if (f) s.goldSampled[i] = f[g] > 0.0;
        switch (stat) {
            case Statistic::PredictiveEntropy:
                s.statistic[i] = entropy(f, k, scratch);
                break;
            case Statistic::NumDistinct:
                s.statistic[i] =
                    static_cast<double>(std::count_if(f, f + k, [](double v) { return v > 0.0; }));
                break;
            case Statistic::SecondLargest:
                s.statistic[i] = secondLargest(f ? f : p, k);
                break;
            case Statistic::WhiteBoxEntropy:
                s.statistic[i] = entropy(p, k, scratch);
                break;
            case Statistic::Score:
                s.statistic[i] = s.goldScore[i];
                break;
        }
    }
    return s;
}

ScoredItems scoreItems(const GenericData& d) {
    const std::size_t n = d.score.size();
    const std::string src = sourceName(d.source);
    if (n == 0) throw InputError(src, "score", "has no items");
    if (!d.statistic.empty() && d.statistic.size() != n)
        throw InputError(src, "statistic",
                         "has " + std::to_string(d.statistic.size()) +
                             " entries, expected one per item (" + std::to_string(n) + ")");
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(d.score[i]))
            throw InputError(src, "score",
                             row(i) + ": " + number(d.score[i]) + " is not a finite number");
    for (std::size_t i = 0; i < d.statistic.size(); ++i)
        if (std::isnan(d.statistic[i]))
            throw InputError(src, "statistic", row(i) + ": is NaN (missing or not a number)");
    checkSplit(d.split, n, d.source);
    ScoredItems s;
    s.n = n;
    s.k = 0;
    s.goldScore = d.score;
    s.statistic = d.statistic.empty() ? d.score : d.statistic;
    s.statisticIsScore = d.statistic.empty();
    s.groupNames = d.groupNames;
    checkGroups(d.group, n, s.groupNames, d.source);
    s.group = d.group.empty() ? std::vector<std::int32_t>(n, 0) : d.group;
    s.fixedSplit = d.split;
    return s;
}

double minimumRisk(const ScoredItems& s, const std::vector<std::size_t>& items) {
    if (s.goldSampled.empty() || items.empty()) return 0.0;
    std::size_t missed = 0;
    for (std::size_t i : items) missed += s.goldSampled[i] ? 0 : 1;
    const double n = static_cast<double>(items.size());
    return n * (static_cast<double>(missed) / n) / (n + 1.0);
}

}  // namespace assay::core::conformal
