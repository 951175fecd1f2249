#include "assay/judge/votes.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "assay/core/error.h"

namespace assay::core::judge {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string where(std::size_t row, const std::string& column) {
    return "row " + std::to_string(row) + ", column " + column;
}

// A finite number, else nullopt-like false.
bool toNumber(const std::string& cell, double& v) {
    const std::string t = trim(cell);
    if (t.empty()) return false;
    char* end = nullptr;
    v = std::strtod(t.c_str(), &end);
    return end == t.c_str() + t.size() && std::isfinite(v);
}

int integerCell(const io::Column& c, std::size_t r, const std::string& file) {
    double v = 0;
    if (c.missing[r] || !toNumber(c.strings[r], v) || v != std::floor(v) || std::abs(v) > 1e9)
        throw InputError(file, where(r + 1, c.name),
                         "expected an integer, got '" + c.strings[r] + "'");
    return static_cast<int>(v);
}

int agreeCell(const io::Column& c, std::size_t r, const std::string& file) {
    std::string t = trim(c.strings[r]);
    for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    double v = -1;
    if (t == "true") return 1;  // any case: True, TRUE (pandas writes True)
    if (t == "false") return 0;
    if (!c.missing[r] && toNumber(t, v) && (v == 0 || v == 1)) return static_cast<int>(v);
    throw InputError(
        file, where(r + 1, c.name),
        "expected 0 or 1 (the judge agrees with the human label), got '" + c.strings[r] + "'");
}

bool reserved(const std::string& name) {
    return name == "sample" || name == "id" || name == "order";
}

}  // namespace

std::vector<std::string> parseJudgeList(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = list.find(',', start);
        const std::string name = trim(list.substr(start, comma - start));
        if (name.empty())
            throw ParameterError("--judges", "'" + list + "' has an empty judge name");
        out.push_back(name);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

Votes votesFromTable(const io::Table& t, const std::string& file,
                     const std::vector<std::string>& judges) {
    if (t.rows == 0) throw InputError(file, "rows", "no labelled samples (the table is empty)");
    Votes v;
    v.countsForm = t.has("x") || t.has("n");
    std::vector<int> raw(t.rows, 0);
    if (v.countsForm) {
        if (!t.has("x") || !t.has("n"))
            throw InputError(file, t.has("x") ? "n" : "x",
                             "missing: counts need both columns x (judges that agree) and n "
                             "(judges asked)");
        if (!judges.empty())
            throw InputError(file, "x",
                             "the table gives counts (x, n), so there are no judge columns for "
                             "--judges to name");
        const io::Column &xc = t.column("x"), &nc = t.column("n");
        for (std::size_t r = 0; r < t.rows; ++r) {
            const int x = integerCell(xc, r, file), n = integerCell(nc, r, file);
            if (n < 1)
                throw InputError(file, where(r + 1, "n"),
                                 "expected n ≥ 1, got " + std::to_string(n));
            if (r == 0) v.n = n;
            if (n != v.n)
                throw InputError(file, where(r + 1, "n"),
                                 "is " + std::to_string(n) +
                                     " but row 1 has n = " + std::to_string(v.n) +
                                     ": the estimators take one number of judges for all "
                                     "samples (split the table by n)");
            if (x < 0 || x > n)
                throw InputError(file, where(r + 1, "x"),
                                 "count " + std::to_string(x) + " is outside [0, n] = [0, " +
                                     std::to_string(n) + "]");
            raw[r] = x;
        }
    } else {
        if (judges.empty()) {
            for (const std::string& h : t.header)
                if (!reserved(h)) v.judges.push_back(h);
        } else {
            for (const std::string& j : judges) {
                if (!t.has(j))
                    throw InputError(file, j, "no such judge column (--judges names it)");
                if (reserved(j))
                    throw InputError(file, j, "is the sample id or annotation order, not a judge");
                if (std::find(v.judges.begin(), v.judges.end(), j) != v.judges.end())
                    throw InputError(file, j, "is named twice in the judges list");
                v.judges.push_back(j);
            }
        }
        if (v.judges.empty())
            throw InputError(file, "header",
                             "no judge columns (expected 0/1 columns per judge, or x and n)");
        v.n = static_cast<int>(v.judges.size());
        for (const std::string& j : v.judges) {
            const io::Column& c = t.column(j);
            for (std::size_t r = 0; r < t.rows; ++r) raw[r] += agreeCell(c, r, file);
        }
    }

    std::vector<std::size_t> idx(t.rows);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    if (t.has("order")) {
        const io::Column& oc = t.column("order");
        std::vector<double> key(t.rows);
        for (std::size_t r = 0; r < t.rows; ++r)
            if (oc.missing[r] || !toNumber(oc.strings[r], key[r]))
                throw InputError(
                    file, where(r + 1, "order"),
                    "expected a number (the annotation order), got '" + oc.strings[r] + "'");
        std::stable_sort(idx.begin(), idx.end(),
                         [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
        v.orderColumn = "order";
    }
    const std::string idColumn = t.has("sample") ? "sample" : t.has("id") ? "id" : "";
    for (std::size_t r : idx) {
        v.counts.push_back(raw[r]);
        v.rows.push_back(r + 1);
        if (!idColumn.empty()) v.samples.push_back(t.column(idColumn).strings[r]);
    }
    return v;
}

Votes readVotes(const std::filesystem::path& path, const std::vector<std::string>& judges) {
    const io::Table t = io::readTable(path, {});
    return votesFromTable(t, path.filename().string(), judges);
}

bool looksLikeVotes(const io::Table& head) {
    try {
        (void)votesFromTable(head, head.path.filename().string());
        return true;
    } catch (const InputError&) {
        return false;
    }
}

}  // namespace assay::core::judge
