// Names, titles and groups of the 16 MC-Suite criteria (papers.md §2(c)).
#include <algorithm>
#include <array>
#include <cctype>

#include "assay/core/error.h"
#include "assay/prune/criteria.h"

namespace assay::core::prune {
namespace {

struct Entry {
    Criterion id;
    const char* name;
    const char* title;
    CriterionGroup group;
};

constexpr std::array<Entry, kCriterionCount> kEntries{{
    {Criterion::EWS, "EWS", "expert weight similarity", CriterionGroup::Weight},
    {Criterion::RWN, "RWN", "router weight norm", CriterionGroup::Weight},
    {Criterion::WSR, "WSR", "weight stable rank", CriterionGroup::Weight},
    {Criterion::EWN, "EWN", "expert weight norm", CriterionGroup::Weight},
    {Criterion::EUF, "EUF", "expert usage frequency", CriterionGroup::Inference},
    {Criterion::ECC, "ECC", "expert-expert collaboration", CriterionGroup::Inference},
    {Criterion::EVTC, "EVTC", "vocabulary coverage", CriterionGroup::Inference},
    {Criterion::ETS, "ETS", "input-token similarity", CriterionGroup::Inference},
    {Criterion::EAS, "EAS", "activation similarity", CriterionGroup::Activation},
    {Criterion::EAE, "EAE", "activation entropy", CriterionGroup::Activation},
    {Criterion::EAO, "EAO", "activation outliers", CriterionGroup::Activation},
    {Criterion::EAN, "EAN", "activation norm", CriterionGroup::Activation},
    {Criterion::EGS, "EGS", "gradient similarity", CriterionGroup::Gradient},
    {Criterion::EGE, "EGE", "gradient entropy", CriterionGroup::Gradient},
    {Criterion::EGO, "EGO", "gradient outliers", CriterionGroup::Gradient},
    {Criterion::EGN, "EGN", "gradient norm", CriterionGroup::Gradient},
}};

const Entry& entry(Criterion c) { return kEntries[static_cast<std::size_t>(c)]; }

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

}  // namespace

const std::vector<Criterion>& allCriteria() {
    static const std::vector<Criterion> all = [] {
        std::vector<Criterion> v;
        for (const auto& e : kEntries) v.push_back(e.id);
        return v;
    }();
    return all;
}

const char* criterionName(Criterion c) { return entry(c).name; }
const char* criterionTitle(Criterion c) { return entry(c).title; }
CriterionGroup criterionGroup(Criterion c) { return entry(c).group; }
bool isPairCriterion(Criterion c) { return c == Criterion::ECC || c == Criterion::ETS; }

Criterion criterionFromName(const std::string& name) {
    std::string names;
    for (const auto& e : kEntries) {
        if (lower(e.name) == lower(name)) return e.id;
        names += (names.empty() ? "" : ", ") + std::string(e.name);
    }
    throw ParameterError("criterion", "unknown '" + name + "' (expected one of " + names + ")");
}

const char* variantName(Variant v) { return v == Variant::Min ? "min" : "max"; }

Variant variantFromName(const std::string& name) {
    if (lower(name) == "min") return Variant::Min;
    if (lower(name) == "max") return Variant::Max;
    throw ParameterError("variant", "unknown '" + name + "' (expected min or max)");
}

}  // namespace assay::core::prune
