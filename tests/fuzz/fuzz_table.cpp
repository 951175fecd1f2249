// Any text as CSV and as JSON Lines, against a spec with required and optional columns of
// every type; only assay errors may come out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assay/core/error.h"
#include "assay/io/table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assay::core::io;
    static const std::vector<ColumnSpec> kRequired = {
        {"id", ColumnType::Int}, {"p", ColumnType::Float}, {"s", ColumnType::String}};
    static const std::vector<ColumnSpec> kOptional = {{"id", ColumnType::Int, true},
                                                      {"p", ColumnType::Float, true},
                                                      {"s", ColumnType::String, true}};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto* spec : {&kRequired, &kOptional}) {
        try {
            const Table t = parseCsv(text, *spec, "fuzz.csv");
            columnsWithPrefix(t, "opt_");
        } catch (const assay::core::Error&) {
        }
        try {
            const Table t = parseJsonLines(text, *spec, "fuzz.jsonl");
            columnsWithPrefix(t, "opt_");
        } catch (const assay::core::Error&) {
        }
    }
    return 0;
}
