#include "assay/core/partial_result.h"

#include <algorithm>

#include "assay/core/error.h"

namespace assay::core {

nlohmann::json PartialHeader::toJson() const {
    nlohmann::json in = nlohmann::json::array();
    for (const auto& [file, hash] : inputs) in.push_back({{"file", file}, {"sha256", hash}});
    return {{"format", kPartialFormatVersion},
            {"command", command},
            {"parameters", parameters},
            {"shard", shardText(shard)},
            {"rows", {rows.begin, rows.end}},
            {"total_rows", totalRows},
            {"inputs", in},
            {"summary", summary},
            {"seed", seed},
            {"named", named}};
}

PartialHeader PartialHeader::fromJson(const nlohmann::json& j, const std::string& file) {
    try {
        if (j.at("format").get<int>() != kPartialFormatVersion)
            throw InputError(file, kPartialMetadataKey,
                             "partial-result format " + j.at("format").dump() +
                                 " (this Assay reads " + std::to_string(kPartialFormatVersion) +
                                 ")");
        PartialHeader h;
        h.command = j.at("command").get<std::string>();
        h.parameters = j.at("parameters");
        h.shard = parseShard(j.at("shard").get<std::string>());
        h.rows = {j.at("rows").at(0).get<std::int64_t>(), j.at("rows").at(1).get<std::int64_t>()};
        h.totalRows = j.at("total_rows").get<std::int64_t>();
        for (const auto& in : j.at("inputs"))
            h.inputs.emplace_back(in.at("file").get<std::string>(),
                                  in.at("sha256").get<std::string>());
        h.summary = j.at("summary");
        h.seed = j.value("seed", std::uint64_t{0});  // absent in parts of seedless commands
        h.named = j.value("named", nlohmann::json::object());
        return h;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(file, kPartialMetadataKey,
                         std::string("not a partial result: ") + e.what());
    } catch (const ParameterError& e) {
        throw InputError(file, kPartialMetadataKey, e.what());
    }
}

std::vector<std::size_t> checkPartsMakeOneRun(const std::vector<PartialHeader>& parts,
                                              const std::vector<std::string>& files) {
    if (parts.empty()) throw ParameterError("merge", "no parts given");
    const PartialHeader& first = parts.front();
    const auto refuse = [&](std::size_t i, const std::string& why) {
        throw ParameterError("merge", files[i] + " " + why + " (compared with " + files[0] + ")");
    };
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const PartialHeader& p = parts[i];
        if (p.command != first.command)
            refuse(i, "is a part of '" + p.command + "', not of '" + first.command + "'");
        if (p.parameters != first.parameters)
            refuse(i, "was run with other parameters: " + p.parameters.dump() + " vs " +
                          first.parameters.dump());
        if (p.seed != first.seed)
            refuse(i, "was run with another seed: " + std::to_string(p.seed) + " vs " +
                          std::to_string(first.seed));
        // Inputs compare by content: a task may stage the same trace under another name.
        bool sameBytes = p.inputs.size() == first.inputs.size();
        for (std::size_t f = 0; sameBytes && f < p.inputs.size(); ++f)
            sameBytes = p.inputs[f].second == first.inputs[f].second;
        if (!sameBytes) refuse(i, "was run on other input files (their SHA-256 differ)");
        if (p.summary != first.summary)
            refuse(i, "describes its input otherwise: " + p.summary.dump() + " vs " +
                          first.summary.dump());
        if (p.shard.count != first.shard.count)
            refuse(i, "is part of a run in " + std::to_string(p.shard.count) + " parts, not " +
                          std::to_string(first.shard.count));
        if (p.totalRows != first.totalRows)
            refuse(i, "covers an input of " + std::to_string(p.totalRows) + " rows, not " +
                          std::to_string(first.totalRows));
    }
    const int n = first.shard.count;
    std::vector<long> at(static_cast<std::size_t>(n), -1);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        long& slot = at[static_cast<std::size_t>(parts[i].shard.index)];
        if (slot >= 0)
            throw ParameterError("merge",
                                 "shard " + shardText(parts[i].shard) + " is given twice: " +
                                     files[static_cast<std::size_t>(slot)] + " and " + files[i]);
        slot = static_cast<long>(i);
    }
    std::string missing;
    for (int s = 0; s < n; ++s)
        if (at[static_cast<std::size_t>(s)] < 0)
            missing += (missing.empty() ? "" : ", ") + shardText({s, n});
    if (!missing.empty())
        throw ParameterError("merge", "shard(s) " + missing + " missing: a merge needs all " +
                                          std::to_string(n) + " parts");
    std::vector<std::size_t> order;
    std::int64_t next = 0;
    for (long i : at) {
        const PartialHeader& p = parts[static_cast<std::size_t>(i)];
        const RowRange expected = shardRows(p.shard, p.totalRows);
        if (p.rows.begin != expected.begin || p.rows.end != expected.end || p.rows.begin != next)
            throw ParameterError("merge", files[static_cast<std::size_t>(i)] + " covers rows [" +
                                              std::to_string(p.rows.begin) + ", " +
                                              std::to_string(p.rows.end) + "), not shard " +
                                              shardText(p.shard) + "'s");
        next = p.rows.end;
        order.push_back(static_cast<std::size_t>(i));
    }
    return order;
}

}  // namespace assay::core
