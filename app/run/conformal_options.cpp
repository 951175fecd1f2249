#include "conformal_options.h"

#include <algorithm>

#include "assay/core/error.h"
#include "assay/demo/calibration_demo.h"

namespace assay::app {

using core::ParameterError;
namespace cf = core::conformal;

void addCalibrationOptions(CLI::App& cmd, CalibrationOptions& o) {
    cmd.add_option("--input,-i", o.input,
                   "calibration data: .csv .jsonl .npz .safetensors .npy (see README)");
    cmd.add_flag("--demo", o.demo,
                 "use the built-in demo (simulated 4-domain multiple-choice LLM)");
    cmd.add_option("--map", o.maps,
                   "map a role to your column/tensor name, e.g. --map gold=labels");
    cmd.add_option("--alpha,-a", o.alpha,
                   "risk level alpha in (0,1): sets cover with probability >= 1 - alpha")
        ->capture_default_str();
    cmd.add_option("--delta,-d", o.delta,
                   "selection level delta in (0,1): answer only when the p-value > delta")
        ->capture_default_str();
    cmd.add_option("--repetitions,-R", o.repetitions, "random calibration/test splits")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    cmd.add_option("--cal-fraction", o.calFraction, "share of items in the calibration half")
        ->capture_default_str();
    cmd.add_option("--seed", o.seed, "seed of the random splits (0 or more)")
        ->check(CLI::Validator(
            [](std::string& v) {
                const auto first = v.find_first_not_of(" \t");
                return first != std::string::npos && v[first] == '-'
                           ? std::string("must be 0 or more, got " + v)
                           : std::string();
            },
            "UINT64"))
        ->capture_default_str();
    cmd.add_option("--weights", o.weights, "score weights w_l,w_f: u = 1 - w_l p - w_f freq")
        ->expected(2)
        ->delimiter(',')
        ->capture_default_str();
    cmd.add_option("--statistic", o.statistic,
                   "p-value statistic: entropy, distinct, second, whitebox, score")
        ->capture_default_str();
    cmd.add_option("--cal-group", o.calGroup, "calibrate on this group (name or index; all)")
        ->capture_default_str();
    cmd.add_option("--test-group", o.testGroup, "test on this group (name or index; all)")
        ->capture_default_str();
}

cf::RoleMap parseRoleMap(const std::vector<std::string>& maps) {
    cf::RoleMap roles;
    for (const std::string& m : maps) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
            throw ParameterError("--map", "'" + m + "' is not role=name");
        const std::string role = m.substr(0, eq);
        const auto& known = cf::calibrationRoles();
        if (std::none_of(known.begin(), known.end(),
                         [&](const auto& r) { return r.first == role; })) {
            std::string list;
            for (const auto& r : known) list += (list.empty() ? "" : ", ") + r.first;
            throw ParameterError("--map",
                                 "'" + role + "' is not a role (expected one of " + list + ")");
        }
        roles[role] = m.substr(eq + 1);
    }
    return roles;
}

LoadedCalibration loadCalibration(const CalibrationOptions& o) {
    if (!o.input.empty() && o.demo)
        throw ParameterError("--input/--demo", "give one of them, not both");
    const cf::RoleMap roles =
        parseRoleMap(o.maps);  // checked even for the demo: a typo is an error
    if (o.weights.size() != 2 || o.weights[0] < 0 || o.weights[1] < 0)
        throw ParameterError("--weights", "expected two non-negative numbers w_l,w_f");
    cf::ScoreWeights w{o.weights.at(0), o.weights.at(1)};
    cf::Statistic stat = cf::statisticFromName(o.statistic);
    LoadedCalibration l;
    if (o.input.empty()) {
        l.items = cf::scoreItems(core::demo::makeCalibrationDemo(), w, stat);
        l.description = "demo";
    } else {
        const cf::CalibrationInput in = cf::loadCalibrationInput(o.input, roles);
        if (!in.generic && in.choice.freq.empty() && !in.choice.prob.empty()) {
            std::string said;
            if (w.logit == 0.0 && w.freq == 1.0) {
                w = {1.0, 0.0};
                said = "weights 1,0";
            }
            if (stat == cf::Statistic::PredictiveEntropy) {
                stat = cf::Statistic::WhiteBoxEntropy;
                said += std::string(said.empty() ? "" : " and ") + "statistic whitebox";
            }
            if (!said.empty())
                l.note = "the data has option probabilities but no sampled answers: using " + said;
        }
        l.items = cf::scoreInput(in, w, in.generic ? cf::Statistic::Score : stat);
        l.description = in.summary;
        if (in.generic) {
            l.statistic = "score";
            return l;
        }  // generic data: weights and statistic do not apply
    }
    l.weights = {w.logit, w.freq};
    l.statistic = cf::statisticName(stat);
    return l;
}

namespace {
int resolveGroup(const std::string& name, const cf::ScoredItems& s, const char* option) {
    if (name == "all" || name.empty()) return -1;
    for (std::size_t g = 0; g < s.groupNames.size(); ++g)
        if (s.groupNames[g] == name) return static_cast<int>(g);
    char* end = nullptr;
    const long v = std::strtol(name.c_str(), &end, 10);
    if (*end == '\0' && v >= 0 && static_cast<std::size_t>(v) < s.groupNames.size())
        return static_cast<int>(v);
    std::string list;
    for (const auto& g : s.groupNames) list += (list.empty() ? "" : ", ") + g;
    if (s.groupNames.size() <= 1)
        throw ParameterError(option,
                             "'" + name + "' is not a group: the data has no groups (only all)");
    throw ParameterError(option, "'" + name + "' is not a group (the data has: all, " + list + ")");
}
}  // namespace

cf::CalibrationParams calibrationParams(const CalibrationOptions& o, const cf::ScoredItems& s) {
    cf::CalibrationParams p;
    p.alpha = o.alpha;
    p.delta = o.delta;
    p.repetitions = o.repetitions;
    p.calFraction = o.calFraction;
    p.seed = o.seed;
    p.calGroup = resolveGroup(o.calGroup, s, "--cal-group");
    p.testGroup = resolveGroup(o.testGroup, s, "--test-group");
    return p;
}

nlohmann::json calibrationOptionsJson(const CalibrationOptions& o) {
    return {{"alpha", o.alpha},
            {"delta", o.delta},
            {"repetitions", o.repetitions},
            {"cal_fraction", o.calFraction},
            {"weights", o.weights},
            {"statistic", o.statistic},
            {"cal_group", o.calGroup},
            {"test_group", o.testGroup},
            {"map", o.maps}};
}

}  // namespace assay::app
