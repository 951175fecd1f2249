#include "assay/conformal/calibration_input.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assay/core/error.h"
#include "assay/io/table.h"
#include "assay/io/tensor_file.h"

namespace assay::core::conformal {
namespace {

std::string roleName(const RoleMap& roles, const std::string& role) {
    const auto it = roles.find(role);
    return it == roles.end() ? role : it->second;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Group indices from names, in order of first appearance.
void groupsFromNames(const std::vector<std::string>& names, std::vector<std::int32_t>& group,
                     std::vector<std::string>& groupNames) {
    std::map<std::string, std::int32_t> index;
    for (const std::string& n : names) {
        auto [it, fresh] = index.emplace(n, static_cast<std::int32_t>(groupNames.size()));
        if (fresh) groupNames.push_back(n);
        group.push_back(it->second);
    }
}

// An answer given as an index ("2") or an option name ("C", case-insensitive).
std::int32_t optionIndex(const std::string& text, const std::vector<std::string>& options,
                         const std::string& file, const std::string& field, std::size_t row) {
    for (std::size_t o = 0; o < options.size(); ++o)
        if (lower(options[o]) == lower(text)) return static_cast<std::int32_t>(o);
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (!text.empty() && *end == '\0' && v >= 0 && static_cast<std::size_t>(v) < options.size())
        return static_cast<std::int32_t>(v);
    std::string known;
    for (const auto& o : options) known += (known.empty() ? "" : ", ") + o;
    throw InputError(file, "row " + std::to_string(row + 1) + ", column " + field,
                     "'" + text + "' is not an option (expected one of " + known + " or an index)");
}

// The sampled answers of one cell: "A C A A", "ACAA", "0 2 0 0" or a JSON array ["A","C"] / [0,2,1]
// (JSON Lines keeps an array cell as its JSON text).
std::vector<std::string> sampledAnswers(const std::string& cell, bool singleLetterOptions,
                                        const std::string& file, const std::string& field,
                                        std::size_t row) {
    std::vector<std::string> answers;
    const auto first = cell.find_first_not_of(" \t");
    if (first != std::string::npos && cell[first] == '[') {
        const auto j = nlohmann::json::parse(cell, nullptr, false);
        if (j.is_discarded() || !j.is_array())
            throw InputError(file, "row " + std::to_string(row + 1) + ", column " + field,
                             "'" + cell + "' is not a JSON array");
        for (const auto& e : j) {
            if (e.is_string())
                answers.push_back(e.get<std::string>());
            else if (e.is_number_integer())
                answers.push_back(std::to_string(e.get<std::int64_t>()));
            else
                throw InputError(file, "row " + std::to_string(row + 1) + ", column " + field,
                                 "array element " + e.dump() + " is not an option name or index");
        }
        return answers;
    }
    std::istringstream in(cell);
    for (std::string a; in >> a;) answers.push_back(a);
    if (answers.size() == 1 && answers[0].size() > 1 && singleLetterOptions &&
        std::all_of(answers[0].begin(), answers[0].end(),
                    [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        const std::string s = answers[0];
        answers.clear();
        for (char c : s) answers.emplace_back(1, c);
    }
    return answers;
}

// Frequencies from raw sampled answers.
std::vector<double> frequenciesFromSamples(const std::string& cell,
                                           const std::vector<std::string>& options,
                                           const std::string& file, const std::string& field,
                                           std::size_t row) {
    const bool single = std::all_of(options.begin(), options.end(),
                                    [](const std::string& o) { return o.size() == 1; });
    const std::vector<std::string> answers = sampledAnswers(cell, single, file, field, row);
    if (answers.empty())
        throw InputError(file, "row " + std::to_string(row + 1) + ", column " + field,
                         "has no sampled answers");
    std::vector<double> f(options.size(), 0.0);
    for (const auto& a : answers)
        f[optionIndex(a, options, file, field, row)] += 1.0 / answers.size();
    return f;
}

// The option set of a table with samples but no p_* / freq_* columns, inferred from the samples and
// the gold answers: letters A.. up to the largest letter seen, or 0.. up to the largest index.
std::vector<std::string> inferOptions(const io::Table& t, const std::string& samples,
                                      const std::string& gold, const std::string& file) {
    int maxLetter = -1;
    long maxIndex = -1;
    auto see = [&](const std::string& a, const std::string& field, std::size_t row) {
        if (a.size() == 1 && std::isalpha(static_cast<unsigned char>(a[0]))) {
            maxLetter = std::max(maxLetter, std::toupper(static_cast<unsigned char>(a[0])) - 'A');
            return;
        }
        char* end = nullptr;
        const long v = std::strtol(a.c_str(), &end, 10);
        if (!a.empty() && *end == '\0' && v >= 0) {
            maxIndex = std::max(maxIndex, v);
            return;
        }
        throw InputError(file, "row " + std::to_string(row + 1) + ", column " + field,
                         "'" + a + "' is not an option letter (A, B, …) or index (0, 1, …)");
    };
    for (std::size_t r = 0; r < t.rows; ++r) {
        for (const auto& a : sampledAnswers(t.column(samples).strings[r], true, file, samples, r))
            see(a, samples, r);
        if (t.has(gold)) see(t.column(gold).strings[r], gold, r);
    }
    // Letters name the options when any appear (an index then means the same option: 2 = C).
    const long count = std::max(static_cast<long>(maxLetter), maxIndex) + 1;
    if (count > 26 && maxLetter >= 0)
        throw InputError(
            file, samples,
            "option index " + std::to_string(maxIndex) + " is past Z; use indices only");
    if (count > 100000)
        throw InputError(file, samples,
                         "option index " + std::to_string(maxIndex) + " is too large");
    std::vector<std::string> options;
    for (long o = 0; o < count; ++o)
        options.push_back(maxLetter >= 0 ? std::string(1, static_cast<char>('A' + o))
                                         : std::to_string(o));
    return options;
}

// The split column (cal/calibration/0, test/1), or empty without one: one fixed split.
std::vector<std::int8_t> fixedSplit(const io::Table& t, const std::string& split,
                                    const std::string& file) {
    std::vector<std::int8_t> out;
    if (!t.has(split)) return out;
    for (std::size_t r = 0; r < t.rows; ++r) {
        std::string v = lower(t.column(split).strings[r]);
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t") + 1);
        if (v == "cal" || v == "calibration" || v == "0")
            out.push_back(0);
        else if (v == "test" || v == "1")
            out.push_back(1);
        else
            throw InputError(file, "row " + std::to_string(r + 1) + ", column " + split,
                             "'" + v + "' is not cal or test");
    }
    return out;
}

// "4", or "3–10" when questions have different numbers of options.
std::string optionCountText(const ChoiceData& d) {
    if (d.optionMask.empty() || d.options == 0) return std::to_string(d.options);
    std::size_t least = d.options, most = 0;
    for (std::size_t i = 0; i < d.items; ++i) {
        std::size_t n = 0;
        for (std::size_t o = 0; o < d.options; ++o) n += d.optionMask[i * d.options + o] != 0;
        least = std::min(least, n);
        most = std::max(most, n);
    }
    return least == most ? std::to_string(most)
                         : std::to_string(least) + "–" + std::to_string(most);
}

// A role mapped with --map must name a column / tensor that exists.
[[noreturn]] void mappedNotFound(const std::string& file, const char* kind, const std::string& name,
                                 const std::string& role, const std::string& has) {
    throw InputError(file + ": " + kind + " '" + name + "' (mapped to role " + role +
                     ") not found (the file has: " + has + ")");
}

CalibrationInput fromTable(const std::filesystem::path& path, const RoleMap& roles) {
    const std::string file = path.filename().string();
    const std::string gold = roleName(roles, "gold"), score = roleName(roles, "score"),
                      group = roleName(roles, "group"), split = roleName(roles, "split"),
                      stat = roleName(roles, "statistic"), samples = roleName(roles, "samples");
    const io::Table t = io::readTable(path, {{gold, io::ColumnType::String, true},
                                             {score, io::ColumnType::Float, true},
                                             {group, io::ColumnType::String, true},
                                             {split, io::ColumnType::String, true},
                                             {stat, io::ColumnType::Float, true},
                                             {samples, io::ColumnType::String, true}});
    std::string header;
    for (const auto& h : t.header) header += (header.empty() ? "" : ", ") + h;
    for (const auto& [role, column] : roles)
        if (!t.has(column)) mappedNotFound(file, "column", column, role, header);
    CalibrationInput in;
    in.path = path;
    if (t.has(group))
        groupsFromNames(t.column(group).strings, in.choice.group, in.choice.groupNames);
    if (t.has(score)) {
        in.generic = true;
        in.scores.score = t.column(score).floats;
        for (std::size_t r = 0; r < t.rows; ++r)
            if (std::isnan(in.scores.score[r]))
                throw InputError(file, "row " + std::to_string(r + 1) + ", column " + score,
                                 "expected a number");
        if (t.has(stat)) in.scores.statistic = t.column(stat).floats;
        in.scores.split = fixedSplit(t, split, file);
        in.scores.group = std::move(in.choice.group);
        in.scores.groupNames = std::move(in.choice.groupNames);
        in.summary = std::to_string(t.rows) + " scores";
        return in;
    }
    if (!t.has(gold))
        throw InputError(file, gold,
                         "no such column: expected 'gold' (multiple choice) or 'score' (generic), "
                         "or map one with --map");
    ChoiceData& d = in.choice;
    const auto probCols = io::columnsWithPrefix(t, "p_"),
               freqCols = io::columnsWithPrefix(t, "freq_");
    const auto& named = probCols.empty() ? freqCols : probCols;
    if (named.empty() && !t.has(samples))
        throw InputError(
            file, "p_*, freq_*, samples",
            "no option columns: expected p_<option> and/or freq_<option> columns, or samples");
    auto optionOf = [](const std::string& column) { return column.substr(column.find('_') + 1); };
    for (const auto& c : named) d.optionNames.push_back(optionOf(c));
    if (!probCols.empty() && !freqCols.empty()) {
        // p_<o> and freq_<o> are paired by option name, never by position.
        for (const auto& c : freqCols)
            if (std::find(d.optionNames.begin(), d.optionNames.end(), optionOf(c)) ==
                d.optionNames.end())
                throw InputError(
                    file, c,
                    "option '" + optionOf(c) + "' has no matching p_" + optionOf(c) + " column");
        for (const auto& o : d.optionNames)
            if (std::none_of(freqCols.begin(), freqCols.end(),
                             [&](const std::string& c) { return optionOf(c) == o; }))
                throw InputError(file, "p_" + o,
                                 "option '" + o + "' has no matching freq_" + o + " column");
    }
    if (d.optionNames.empty()) d.optionNames = inferOptions(t, samples, gold, file);
    d.items = t.rows;
    d.options = d.optionNames.size();
    // An empty cell (or JSON null) says the question does not have that option (ragged option
    // counts, e.g. MMLU-Pro's 3 to 10); NaN or any other text stays an error.
    std::vector<std::uint8_t> exists(d.items * d.options, 1);
    auto readMatrix = [&](const std::vector<std::string>& cols, std::vector<double>& out,
                          std::vector<std::uint8_t>& present) {
        out.resize(d.items * d.options);
        present.assign(d.items * d.options, 1);
        for (std::size_t o = 0; o < cols.size(); ++o) {
            const io::Column& c = t.column(cols[o]);
            for (std::size_t r = 0; r < t.rows; ++r) {
                const std::string& cell = c.strings[r];
                if (cell.find_first_not_of(" \t") == std::string::npos) {
                    present[r * d.options + o] = 0;
                    out[r * d.options + o] = 0.0;
                    continue;
                }
                char* end = nullptr;
                const double v = std::strtod(cell.c_str(), &end);
                while (*end == ' ' || *end == '\t') ++end;
                if (*end != '\0' || std::isnan(v))
                    throw InputError(file, "row " + std::to_string(r + 1) + ", column " + cols[o],
                                     "expected a number (or an empty cell: not an option of "
                                     "this question), got '" +
                                         cell + "'");
                out[r * d.options + o] = v;
            }
        }
    };
    std::vector<std::uint8_t> probPresent;
    if (!probCols.empty()) readMatrix(probCols, d.prob, probPresent);
    if (!freqCols.empty()) {
        std::vector<std::string> ordered;  // freq_* in the order of the option names
        for (const auto& o : d.optionNames) ordered.push_back("freq_" + o);
        if (probCols.empty()) ordered = freqCols;
        std::vector<std::uint8_t> freqPresent;
        readMatrix(ordered, d.freq, freqPresent);
        // p_<o> and freq_<o> must agree on which options a question has.
        for (std::size_t i = 0; i < probPresent.size(); ++i)
            if (probPresent[i] != freqPresent[i])
                throw InputError(file,
                                 "row " + std::to_string(i / d.options + 1) + ", column " +
                                     (probPresent[i] ? "freq_" : "p_") +
                                     d.optionNames[i % d.options],
                                 std::string("is empty but ") + (probPresent[i] ? "p_" : "freq_") +
                                     d.optionNames[i % d.options] +
                                     " is not: a question lacks an option in both or in neither");
        exists = freqPresent;
    } else {
        if (!probPresent.empty()) exists = probPresent;
        if (t.has(samples))
            for (std::size_t r = 0; r < t.rows; ++r) {
                const auto f = frequenciesFromSamples(t.column(samples).strings[r], d.optionNames,
                                                      file, samples, r);
                for (std::size_t o = 0; o < d.options; ++o)
                    if (f[o] > 0 && !exists[r * d.options + o])
                        throw InputError(file,
                                         "row " + std::to_string(r + 1) + ", column " + samples,
                                         "samples answer " + d.optionNames[o] +
                                             ", which is not an option of this question (its "
                                             "p_" +
                                             d.optionNames[o] + " cell is empty)");
                d.freq.insert(d.freq.end(), f.begin(), f.end());
            }
    }
    for (std::size_t r = 0; r < t.rows; ++r)
        d.gold.push_back(optionIndex(t.column(gold).strings[r], d.optionNames, file, gold, r));
    if (std::find(exists.begin(), exists.end(), 0) != exists.end()) d.optionMask = exists;
    d.split = fixedSplit(t, split, file);
    in.summary = std::to_string(d.items) + " questions × " + optionCountText(d) + " options";
    return in;
}

std::vector<std::int32_t> toInt32(const std::vector<std::int64_t>& v) {
    return {v.begin(), v.end()};
}

std::vector<std::string> groupNamesFromMetadata(const io::TensorFile& f) {
    const auto it = f.metadata().find("group_names");
    if (it == f.metadata().end()) return {};
    std::vector<std::string> names;
    const auto j = nlohmann::json::parse(it->second, nullptr, false);
    if (j.is_array()) {
        for (const auto& e : j) names.push_back(e.is_string() ? e.get<std::string>() : e.dump());
        return names;
    }
    std::istringstream in(it->second);
    for (std::string n; std::getline(in, n, ',');) names.push_back(n);
    return names;
}

// A split tensor [N]: 0 calibration, 1 test.
std::vector<std::int8_t> tensorSplit(const io::TensorFile& f, const std::string& name,
                                     const std::string& file) {
    std::vector<std::int8_t> out;
    const auto split = f.toInt64(name);
    for (std::size_t r = 0; r < split.size(); ++r) {
        if (split[r] != 0 && split[r] != 1)
            throw InputError(file, name,
                             "row " + std::to_string(r + 1) + ": value " +
                                 std::to_string(split[r]) + " is not 0 (calibration) or 1 (test)");
        out.push_back(static_cast<std::int8_t>(split[r]));
    }
    return out;
}

CalibrationInput fromTensors(const std::filesystem::path& path, const RoleMap& roles) {
    const io::TensorFile f = io::TensorFile::open(path);
    const std::string file = path.filename().string();
    CalibrationInput in;
    in.path = path;
    auto name = [&](const char* role) { return roleName(roles, role); };
    auto has = [&](const char* role) { return f.find(name(role)) != nullptr; };
    std::string tensorNames;
    for (const auto& t : f.tensors()) tensorNames += (tensorNames.empty() ? "" : ", ") + t.name;
    for (const auto& [role, tensor] : roles)
        if (!f.find(tensor)) mappedNotFound(file, "tensor", tensor, role, tensorNames);
    auto dims = [&](const char* role, std::size_t rank) {
        const io::TensorInfo& t = f.require(name(role));
        if (t.shape.size() != rank)
            throw InputError(file, t.name,
                             "has " + std::to_string(t.shape.size()) + " dimensions, expected " +
                                 std::to_string(rank) + (rank == 1 ? " ([N])" : " ([N,K])"));
        return t.shape;
    };
    if (f.tensors().size() == 1 && path.extension() == ".npy" && f.tensors()[0].shape.size() == 1) {
        in.generic = true;
        in.scores.score = f.toDoubles(f.tensors()[0].name);
        in.summary = std::to_string(in.scores.score.size()) + " scores";
        return in;
    }
    if (has("score")) {
        in.generic = true;
        const auto n = dims("score", 1)[0];
        in.scores.score = f.toDoubles(name("score"));
        if (has("split")) in.scores.split = tensorSplit(f, name("split"), file);
        if (has("statistic")) in.scores.statistic = f.toDoubles(name("statistic"));
        if (has("group")) {
            dims("group", 1);
            in.scores.group = toInt32(f.toInt64(name("group")));
        }
        in.scores.groupNames = groupNamesFromMetadata(f);
        in.summary = std::to_string(n) + " scores";
        return in;
    }
    if (!has("gold"))
        throw InputError(file, name("gold"),
                         "tensor not found: expected gold [N] (multiple choice) or score [N] "
                         "(generic), or map one with --map");
    ChoiceData& d = in.choice;
    const auto goldShape = dims("gold", 1);
    d.items = static_cast<std::size_t>(goldShape[0]);
    d.gold = toInt32(f.toInt64(name("gold")));
    for (const char* role : {"probs", "freqs"}) {
        if (!has(role)) continue;
        const auto shape = dims(role, 2);
        if (static_cast<std::size_t>(shape[0]) != d.items)
            throw InputError(file, name(role),
                             "has " + std::to_string(shape[0]) + " rows, expected N = " +
                                 std::to_string(d.items) + " (the length of gold)");
        if (d.options && static_cast<std::size_t>(shape[1]) != d.options)
            throw InputError(file, name(role),
                             "has " + std::to_string(shape[1]) +
                                 " options, expected K = " + std::to_string(d.options));
        d.options = static_cast<std::size_t>(shape[1]);
        (std::string(role) == "probs" ? d.prob : d.freq) = f.toDoubles(name(role));
    }
    if (d.freq.empty() && has("samples")) {
        const auto shape = dims("samples", 2);
        const auto s = f.toInt64(name("samples"));
        if (!d.options)
            d.options = static_cast<std::size_t>(*std::max_element(s.begin(), s.end()) + 1);
        d.freq.assign(d.items * d.options, 0.0);
        for (std::size_t i = 0; i < d.items; ++i)
            for (std::int64_t m = 0; m < shape[1]; ++m) {
                const std::int64_t a = s[i * shape[1] + m];
                if (a < 0 || static_cast<std::size_t>(a) >= d.options)
                    throw InputError(file, name("samples"),
                                     "row " + std::to_string(i + 1) + ": answer " +
                                         std::to_string(a) + " is outside 0.." +
                                         std::to_string(d.options - 1));
                d.freq[i * d.options + a] += 1.0 / shape[1];
            }
    }
    if (!d.options)
        throw InputError(file, "probs/freqs/samples",
                         "none found: expected probs [N,K], freqs [N,K] or samples [N,M]");
    if (has("split")) d.split = tensorSplit(f, name("split"), file);
    if (has("option_mask")) {
        // [N,K] bool, true = the question has this option (ragged option counts).
        const auto shape = dims("option_mask", 2);
        if (static_cast<std::size_t>(shape[0]) != d.items ||
            static_cast<std::size_t>(shape[1]) != d.options)
            throw InputError(file, name("option_mask"),
                             "has shape [" + std::to_string(shape[0]) + "," +
                                 std::to_string(shape[1]) + "], expected [N,K] = [" +
                                 std::to_string(d.items) + "," + std::to_string(d.options) + "]");
        const auto mask = f.toInt64(name("option_mask"));
        d.optionMask.resize(mask.size());
        for (std::size_t i = 0; i < mask.size(); ++i) {
            if (mask[i] != 0 && mask[i] != 1)
                throw InputError(file, name("option_mask"),
                                 "row " + std::to_string(i / d.options + 1) + ": value " +
                                     std::to_string(mask[i]) + " is not true (1) or false (0)");
            d.optionMask[i] = static_cast<std::uint8_t>(mask[i]);
        }
    }
    if (has("group")) {
        dims("group", 1);
        d.group = toInt32(f.toInt64(name("group")));
    }
    d.groupNames = groupNamesFromMetadata(f);
    for (std::size_t o = 0; o < d.options; ++o)
        d.optionNames.push_back(o < 26 ? std::string(1, static_cast<char>('A' + o))
                                       : std::to_string(o));
    in.summary = std::to_string(d.items) + " questions × " + optionCountText(d) + " options";
    return in;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& calibrationRoles() {
    static const std::vector<std::pair<std::string, std::string>> roles = {
        {"gold", "gold option per question [N] (index or name)"},
        {"probs", "option probabilities [N,K] (white-box)"},
        {"freqs", "sampled-answer frequencies [N,K] (black-box)"},
        {"samples", "raw sampled answers [N,M]"},
        {"option_mask", "which options each question has [N,K] bool (ragged option counts)"},
        {"group", "domain / group per question [N]"},
        {"score", "generic nonconformity score [N]"},
        {"split", "fixed split [N]: 0 calibration, 1 test"},
        {"statistic", "generic p-value statistic [N]"}};
    return roles;
}

CalibrationInput loadCalibrationInput(const std::filesystem::path& path, const RoleMap& roles) {
    const std::string ext = lower(path.extension().string());
    CalibrationInput in = (ext == ".csv" || ext == ".jsonl" || ext == ".ndjson")
                              ? fromTable(path, roles)
                              : fromTensors(path, roles);
    in.choice.source = in.scores.source = path.filename().string();
    const auto groups = in.generic ? in.scores.groupNames.size() : in.choice.groupNames.size();
    if (groups > 1) in.summary += ", " + std::to_string(groups) + " groups";
    return in;
}

ScoredItems scoreInput(const CalibrationInput& in, ScoreWeights w, Statistic s) {
    return in.generic ? scoreItems(in.scores) : scoreItems(in.choice, w, s);
}

}  // namespace assay::core::conformal
