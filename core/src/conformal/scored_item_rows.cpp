#include "assay/conformal/scored_item_rows.h"

#include <string>

#include "assay/core/error.h"

namespace assay::core::conformal {
namespace {

template <typename T>
std::vector<T> cut(const std::vector<T>& v, std::size_t width, RowRange rows) {
    if (v.empty()) return {};
    return std::vector<T>(v.begin() + static_cast<std::ptrdiff_t>(rows.begin * width),
                          v.begin() + static_cast<std::ptrdiff_t>(rows.end * width));
}

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

ScoredItems itemRows(const ScoredItems& s, RowRange rows) {
    if (rows.begin < 0 || rows.end < rows.begin || static_cast<std::size_t>(rows.end) > s.n)
        throw ParameterError("rows", "[" + std::to_string(rows.begin) + ", " +
                                         std::to_string(rows.end) + ") is outside [0, " +
                                         std::to_string(s.n) + "]");
    ScoredItems part;
    part.n = static_cast<std::size_t>(rows.size());
    part.k = s.k;
    part.optionScore = cut(s.optionScore, s.k, rows);
    part.goldScore = cut(s.goldScore, 1, rows);
    part.statistic = cut(s.statistic, 1, rows);
    part.group = cut(s.group, 1, rows);
    part.groupNames = s.groupNames;
    part.fixedSplit = cut(s.fixedSplit, 1, rows);
    part.statisticIsScore = s.statisticIsScore;
    part.goldSampled = cut(s.goldSampled, 1, rows);
    return part;
}

ScoredItems joinItemRows(const std::vector<ScoredItems>& parts) {
    if (parts.empty()) throw ParameterError("parts", "no parts to join");
    const ScoredItems& first = parts.front();
    ScoredItems all;
    all.k = first.k;
    all.groupNames = first.groupNames;
    all.statisticIsScore = first.statisticIsScore;
    // An empty part (N > items) carries no per-item arrays: its flags come from the others.
    auto has = [&](auto member) {
        for (const ScoredItems& p : parts)
            if (p.n > 0) return !(p.*member).empty();
        return false;
    };
    const bool fixed = has(&ScoredItems::fixedSplit), sampled = has(&ScoredItems::goldSampled);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const ScoredItems& p = parts[i];
        const std::string which = "part " + std::to_string(i);
        if (p.k != first.k || p.groupNames != first.groupNames ||
            p.statisticIsScore != first.statisticIsScore)
            throw ParameterError(which, "options, groups or statistic differ from part 0");
        if (p.n > 0 && (p.fixedSplit.empty() == fixed || p.goldSampled.empty() == sampled))
            throw ParameterError(which, "has a fixed split or gold-sampled flags the others lack");
        all.n += p.n;
        append(all.optionScore, p.optionScore);
        append(all.goldScore, p.goldScore);
        append(all.statistic, p.statistic);
        append(all.group, p.group);
        append(all.fixedSplit, p.fixedSplit);
        append(all.goldSampled, p.goldSampled);
    }
    return all;
}

}  // namespace assay::core::conformal
