#include "assay/io/table.h"

#include <algorithm>
#include <cctype>

#include "assay/core/error.h"
#include "assay/io/mapped_file.h"

namespace assay::core::io {

const Column& Table::column(const std::string& name) const {
    for (const auto& c : columns) {
        if (c.name == name) return c;
    }
    std::string names;
    for (const auto& h : header) names += (names.empty() ? "" : ", ") + h;
    throw InputError(path.filename().string(), name, "no such column (has: " + names + ")");
}

bool Table::has(const std::string& name) const {
    for (const auto& c : columns) {
        if (c.name == name) return c.present;
    }
    return false;
}

Table readTable(const std::filesystem::path& path, const std::vector<ColumnSpec>& spec) {
    const std::string ext = path.extension().string();
    const std::string label = path.filename().string();
    const bool csv = ext == ".csv";
    if (!csv && ext != ".jsonl" && ext != ".ndjson") {
        throw InputError(
            label, "",
            "unsupported table extension '" + ext + "', expected .csv, .jsonl or .ndjson");
    }
    const MappedFile file(path);
    const std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
    Table table = csv ? parseCsv(text, spec, label) : parseJsonLines(text, spec, label);
    table.path = path;
    return table;
}

Table readTableHead(const std::filesystem::path& path, std::size_t maxBytes) {
    const std::string ext = path.extension().string();
    const std::string label = path.filename().string();
    const bool csv = ext == ".csv";
    if (!csv && ext != ".jsonl" && ext != ".ndjson") return readTable(path, {});  // the same error
    const MappedFile file(path);
    std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
    if (text.size() > maxBytes) {
        const std::size_t cut = text.rfind('\n', maxBytes);
        text = text.substr(0, cut == std::string_view::npos ? 0 : cut + 1);
    }
    Table table = csv ? parseCsv(text, {}, label) : parseJsonLines(text, {}, label);
    table.path = path;
    return table;
}

namespace {

// Natural order: runs of digits compare by value, so opt_2 < opt_10.
bool naturalLess(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && digit(a[ei])) ++ei;
            while (ej < b.size() && digit(b[ej])) ++ej;
            std::size_t si = i, sj = j;  // skip leading zeros, then longer = larger
            while (si + 1 < ei && a[si] == '0') ++si;
            while (sj + 1 < ej && b[sj] == '0') ++sj;
            if (ei - si != ej - sj) return ei - si < ej - sj;
            const int cmp = a.compare(si, ei - si, b, sj, ej - sj);
            if (cmp != 0) return cmp < 0;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

}  // namespace

std::vector<std::string> columnsWithPrefix(const Table& table, const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& c : table.columns) {
        if (c.present && c.name.compare(0, prefix.size(), prefix) == 0) names.push_back(c.name);
    }
    std::sort(names.begin(), names.end(), naturalLess);
    return names;
}

}  // namespace assay::core::io
