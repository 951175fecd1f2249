#include <map>
#include <nlohmann/json.hpp>

#include "assay/core/error.h"
#include "assay/io/table.h"
#include "table_builder.h"

namespace assay::core::io {
namespace {

struct Line {
    std::size_t number;  // 1-based line in the file
    nlohmann::ordered_json object;
};

// Cells go through the same text rules as CSV; numbers keep their full precision because
// nlohmann prints doubles with enough digits to round-trip.
std::optional<std::string> cellText(const nlohmann::ordered_json& value) {
    if (value.is_null()) return std::nullopt;
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

}  // namespace

Table parseJsonLines(std::string_view text, const std::vector<ColumnSpec>& spec,
                     const std::string& fileLabel) {
    std::vector<Line> lines;
    std::vector<std::string> header;
    std::map<std::string, std::size_t> headerIndex;
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string label = "line " + std::to_string(number);
        auto object = nlohmann::ordered_json::parse(line.begin(), line.end(), nullptr, false);
        if (object.is_discarded()) throw InputError(fileLabel, label, "is not valid JSON");
        if (!object.is_object()) throw InputError(fileLabel, label, "is not a JSON object");
        for (const auto& item : object.items()) {
            if (headerIndex.emplace(item.key(), header.size()).second) header.push_back(item.key());
        }
        lines.push_back({number, std::move(object)});
    }
    if (lines.empty()) throw InputError(fileLabel, "", "no JSON objects, expected one per line");

    detail::TableBuilder builder(header, spec, fileLabel);
    std::vector<std::optional<std::string>> texts(header.size());
    std::vector<std::optional<std::string_view>> cells(header.size());
    for (const Line& line : lines) {
        std::fill(texts.begin(), texts.end(), std::nullopt);
        for (const auto& item : line.object.items())
            texts[headerIndex[item.key()]] = cellText(item.value());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            cells[i] = texts[i] ? std::optional<std::string_view>(*texts[i]) : std::nullopt;
        }
        builder.addRow(cells, "line", line.number);
    }
    return builder.finish();
}

}  // namespace assay::core::io
