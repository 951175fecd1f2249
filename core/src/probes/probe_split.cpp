// Train/test splits and cross-validation folds (assay/probes/probe_dataset.h). Seeded with
// SplitMix64 and Fisher–Yates so that a seed gives the same rows on every platform; groups are
// never cut (an image's captions stay on one side), labels stay balanced across the parts.
#include <algorithm>
#include <cmath>
#include <map>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes {
namespace {

template <typename T>
void shuffle(std::vector<T>& v, std::uint64_t seed) {
    SplitMix64 rng(seed);
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// Hallucinated / real counts of `rows`.
std::pair<std::int64_t, std::int64_t> classCounts(const std::vector<std::int64_t>& rows,
                                                  const std::vector<std::uint8_t>& labels) {
    std::int64_t pos = 0;
    for (const std::int64_t r : rows) pos += labels[static_cast<std::size_t>(r)];
    return {pos, static_cast<std::int64_t>(rows.size()) - pos};
}

void requireBothClasses(const ProbeSplit& s, const std::vector<std::uint8_t>& labels,
                        const std::string& what) {
    for (int part = 0; part < 2; ++part) {
        const auto [pos, neg] = classCounts(part ? s.test : s.train, labels);
        if (pos > 0 && neg > 0) continue;
        throw InputError("split", what,
                         std::string("the ") + (part ? "test" : "train") + " part has " +
                             std::to_string(pos) + " hallucinated and " + std::to_string(neg) +
                             " real rows; each part needs both classes (" +
                             std::to_string(s.train.size()) + " train, " +
                             std::to_string(s.test.size()) + " test rows)");
    }
}

// Groups of `rows`, in order of first appearance sorted by id, each with its rows, split into
// two strata by the group's majority label so that both classes reach every part.
struct GroupSet {
    std::vector<std::vector<std::int64_t>> members;
    std::vector<int> stratum;  // 1 when most of the group's rows are hallucinated
};

GroupSet groupsOf(const std::vector<std::int64_t>& rows, const std::vector<std::uint8_t>& labels,
                  const std::vector<std::int64_t>& groups) {
    std::map<std::int64_t, std::vector<std::int64_t>> byId;
    for (const std::int64_t r : rows) byId[groups[static_cast<std::size_t>(r)]].push_back(r);
    GroupSet out;
    for (auto& [id, members] : byId) {
        const auto [pos, neg] = classCounts(members, labels);
        out.stratum.push_back(pos > neg ? 1 : 0);
        out.members.push_back(std::move(members));
    }
    return out;
}

// About `fraction` of n, at least 1 and at most n − 1 when n >= 2.
std::size_t share(std::size_t n, double fraction) {
    std::size_t k = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
    if (n >= 2) k = std::clamp<std::size_t>(k, 1, n - 1);
    return std::min(k, n);
}

void checkLengths(const std::vector<std::uint8_t>& labels,
                  const std::optional<std::vector<std::uint8_t>>& split,
                  const std::optional<std::vector<std::int64_t>>& groups) {
    if (split && split->size() != labels.size())
        throw ParameterError("split", std::to_string(split->size()) + " values for " +
                                          std::to_string(labels.size()) + " labels");
    if (groups && groups->size() != labels.size())
        throw ParameterError("group", std::to_string(groups->size()) + " values for " +
                                          std::to_string(labels.size()) + " labels");
}

}  // namespace

ProbeSplit makeSplit(const std::vector<std::uint8_t>& labels,
                     const std::optional<std::vector<std::uint8_t>>& split,
                     const std::optional<std::vector<std::int64_t>>& groups, double testFraction,
                     std::uint64_t seed) {
    if (!(testFraction > 0 && testFraction < 1))
        throw ParameterError("test fraction", std::to_string(testFraction) + " is outside (0, 1)");
    checkLengths(labels, split, groups);
    ProbeSplit s;
    s.seed = seed;
    const std::int64_t n = static_cast<std::int64_t>(labels.size());
    if (split) {
        s.source = "file";
        for (std::int64_t i = 0; i < n; ++i)
            ((*split)[static_cast<std::size_t>(i)] ? s.test : s.train).push_back(i);
        s.testFraction = n ? static_cast<double>(s.test.size()) / static_cast<double>(n) : 0;
        requireBothClasses(s, labels, "the file's split");
        return s;
    }
    std::vector<std::int64_t> all(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
    s.testFraction = testFraction;
    if (groups) {
        s.source = "grouped";
        GroupSet g = groupsOf(all, labels, *groups);
        if (g.members.size() < 2)
            throw InputError("split", "group",
                             "has " + std::to_string(g.members.size()) +
                                 " distinct value; a grouped split needs at least 2 groups");
        // Per stratum, a seeded share of the groups goes to test.
        for (int stratum = 0; stratum < 2; ++stratum) {
            std::vector<std::size_t> ids;
            for (std::size_t i = 0; i < g.members.size(); ++i)
                if (g.stratum[i] == stratum) ids.push_back(i);
            shuffle(ids, streamSeed(seed, static_cast<std::uint64_t>(stratum)));
            const std::size_t k = share(ids.size(), testFraction);
            for (std::size_t j = 0; j < ids.size(); ++j)
                for (const std::int64_t r : g.members[ids[j]])
                    (j < k ? s.test : s.train).push_back(r);
        }
        // One stratum alone (e.g. every group mixed) can still leave a part empty: move a group.
        if (s.test.empty() || s.train.empty()) {
            s.train.clear();
            s.test.clear();
            std::vector<std::size_t> ids(g.members.size());
            for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
            shuffle(ids, streamSeed(seed, 2));
            const std::size_t k = share(ids.size(), testFraction);
            for (std::size_t j = 0; j < ids.size(); ++j)
                for (const std::int64_t r : g.members[ids[j]])
                    (j < k ? s.test : s.train).push_back(r);
        }
    } else {
        s.source = "seeded";
        for (int cls = 0; cls < 2; ++cls) {
            std::vector<std::int64_t> rows;
            for (std::int64_t i = 0; i < n; ++i)
                if (labels[static_cast<std::size_t>(i)] == cls) rows.push_back(i);
            shuffle(rows, streamSeed(seed, static_cast<std::uint64_t>(cls)));
            const std::size_t k = share(rows.size(), testFraction);
            for (std::size_t j = 0; j < rows.size(); ++j)
                (j < k ? s.test : s.train).push_back(rows[j]);
        }
    }
    std::sort(s.train.begin(), s.train.end());
    std::sort(s.test.begin(), s.test.end());
    requireBothClasses(s, labels, s.source == "grouped" ? "grouped split" : "seeded split");
    return s;
}

std::vector<ProbeSplit> makeFolds(const std::vector<std::int64_t>& rows,
                                  const std::vector<std::uint8_t>& labels,
                                  const std::optional<std::vector<std::int64_t>>& groups, int k,
                                  std::uint64_t seed) {
    if (k < 2) throw ParameterError("cv folds", std::to_string(k) + " is below 2");
    if (groups && groups->size() != labels.size())
        throw ParameterError("group", std::to_string(groups->size()) + " values for " +
                                          std::to_string(labels.size()) + " labels");
    for (const std::int64_t r : rows)
        if (r < 0 || r >= static_cast<std::int64_t>(labels.size()))
            throw ParameterError("row", std::to_string(r) + " is outside [0, " +
                                            std::to_string(labels.size()) + ")");
    const auto folds = static_cast<std::size_t>(k);
    std::vector<std::vector<std::int64_t>> test(folds);
    if (groups) {
        GroupSet g = groupsOf(rows, labels, *groups);
        if (g.members.size() < folds)
            throw ParameterError("cv folds", std::to_string(k) + " folds for " +
                                                 std::to_string(g.members.size()) + " groups");
        // Per stratum, shuffled groups, largest first, each to the fold with the fewest rows so
        // far (GroupKFold's greedy balance, seeded).
        std::vector<std::size_t> sizes(folds, 0);
        for (int stratum = 1; stratum >= 0; --stratum) {
            std::vector<std::size_t> ids;
            for (std::size_t i = 0; i < g.members.size(); ++i)
                if (g.stratum[i] == stratum) ids.push_back(i);
            shuffle(ids, streamSeed(seed, static_cast<std::uint64_t>(stratum)));
            std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
                return g.members[a].size() > g.members[b].size();
            });
            for (const std::size_t id : ids) {
                const auto f = static_cast<std::size_t>(
                    std::min_element(sizes.begin(), sizes.end()) - sizes.begin());
                test[f].insert(test[f].end(), g.members[id].begin(), g.members[id].end());
                sizes[f] += g.members[id].size();
            }
        }
    } else {
        if (rows.size() < folds)
            throw ParameterError("cv folds", std::to_string(k) + " folds for " +
                                                 std::to_string(rows.size()) + " rows");
        // Each class shuffled, dealt round-robin; the deal continues across classes so that fold
        // sizes differ by at most one.
        std::size_t next = 0;
        for (int cls = 1; cls >= 0; --cls) {
            std::vector<std::int64_t> members;
            for (const std::int64_t r : rows)
                if (labels[static_cast<std::size_t>(r)] == cls) members.push_back(r);
            shuffle(members, streamSeed(seed, static_cast<std::uint64_t>(cls)));
            for (const std::int64_t r : members) test[next++ % folds].push_back(r);
        }
    }
    std::vector<ProbeSplit> out(folds);
    for (auto& t : test) std::sort(t.begin(), t.end());
    for (std::size_t f = 0; f < folds; ++f) {
        for (std::size_t o = 0; o < folds; ++o)
            if (o != f) out[f].train.insert(out[f].train.end(), test[o].begin(), test[o].end());
        std::sort(out[f].train.begin(), out[f].train.end());
        out[f].test = test[f];
        out[f].source = groups ? "grouped" : "seeded";
        out[f].seed = seed;
        out[f].testFraction = 1.0 / static_cast<double>(k);
        requireBothClasses(
            out[f], labels,
            "cross-validation fold " + std::to_string(f + 1) + " of " + std::to_string(k));
    }
    return out;
}

}  // namespace assay::core::probes
