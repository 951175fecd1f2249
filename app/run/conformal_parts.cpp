#include "conformal_parts.h"

#include <numeric>

#include "assay/conformal/scored_item_rows.h"
#include "assay/core/error.h"

namespace assay::app {

namespace cf = core::conformal;

namespace {

template <typename T>
std::vector<std::int64_t> wide(const std::vector<T>& v) {
    return std::vector<std::int64_t>(v.begin(), v.end());
}

template <typename T>
std::vector<T> narrow(const std::vector<std::int64_t>& v) {
    return std::vector<T>(v.begin(), v.end());
}

}  // namespace

void writeScoredPart(const std::string& out, const core::Shard& shard, core::RowRange rows,
                     const LoadedCalibration& data, const core::Provenance& prov) {
    const cf::ScoredItems s = cf::itemRows(data.items, rows);
    const auto m = static_cast<std::int64_t>(s.n), k = static_cast<std::int64_t>(s.k);
    std::vector<std::int64_t> row(s.n);
    std::iota(row.begin(), row.end(), rows.begin);
    // Every array is written, even an empty one, so a part's shape says what it holds.
    std::vector<core::io::TensorToWrite> t = {
        core::io::tensorFromInt64("row", row, {m}),
        core::io::tensorFromDoubles("option_score", s.optionScore, {m, k}),
        core::io::tensorFromDoubles("gold_score", s.goldScore, {m}),
        core::io::tensorFromDoubles("statistic", s.statistic, {m}),
        core::io::tensorFromInt64("group", wide(s.group), {m}),
        core::io::tensorFromInt64("fixed_split", wide(s.fixedSplit),
                                  {s.fixedSplit.empty() ? 0 : m}),
        core::io::tensorFromInt64("gold_sampled", wide(s.goldSampled),
                                  {s.goldSampled.empty() ? 0 : m})};
    const nlohmann::json summary = {{"items", data.items.n},
                                    {"options", data.items.k},
                                    {"group_names", data.items.groupNames},
                                    {"statistic_is_score", data.items.statisticIsScore},
                                    {"fixed_split", !data.items.fixedSplit.empty()},
                                    {"gold_sampled", !data.items.goldSampled.empty()},
                                    {"data", data.description},
                                    {"note", data.note}};
    writePartial(out,
                 {"conformal", prov.parameters, shard, rows,
                  static_cast<std::int64_t>(data.items.n), prov.inputs, summary, prov.seed},
                 t);
}

JoinedScores joinScoredParts(const std::vector<PartialPart>& parts) {
    const core::PartialHeader& h = parts.front().header;
    const nlohmann::json& sum = h.summary;
    std::vector<cf::ScoredItems> scored;
    for (const PartialPart& part : parts) {
        const auto m = static_cast<std::size_t>(part.header.rows.size());
        const auto k = sum.at("options").get<std::size_t>();
        const std::vector<std::int64_t> row = partInt64(part, "row", m);
        for (std::size_t i = 0; i < m; ++i)
            if (row[i] != part.header.rows.begin + static_cast<std::int64_t>(i))
                throw core::InputError(part.file, "row",
                                       "is not the shard's rows [" +
                                           std::to_string(part.header.rows.begin) + ", " +
                                           std::to_string(part.header.rows.end) + ")");
        cf::ScoredItems s;
        s.n = m;
        s.k = k;
        s.optionScore = partDoubles(part, "option_score", m * k);
        s.goldScore = partDoubles(part, "gold_score", m);
        s.statistic = partDoubles(part, "statistic", m);
        s.group = narrow<std::int32_t>(partInt64(part, "group", m));
        s.groupNames = sum.at("group_names").get<std::vector<std::string>>();
        s.statisticIsScore = sum.at("statistic_is_score").get<bool>();
        if (sum.at("fixed_split").get<bool>())
            s.fixedSplit = narrow<std::int8_t>(partInt64(part, "fixed_split", m));
        if (sum.at("gold_sampled").get<bool>())
            s.goldSampled = narrow<std::uint8_t>(partInt64(part, "gold_sampled", m));
        scored.push_back(std::move(s));
    }
    JoinedScores j;
    j.items = cf::joinItemRows(scored);
    const nlohmann::json& p = h.parameters;
    CalibrationOptions& o = j.options;
    o.alpha = p.at("alpha").get<double>();
    o.delta = p.at("delta").get<double>();
    o.repetitions = p.at("repetitions").get<int>();
    o.calFraction = p.at("cal_fraction").get<double>();
    o.calGroup = p.at("cal_group").get<std::string>();
    o.testGroup = p.at("test_group").get<std::string>();
    o.seed = h.seed;
    j.report = p.at("report").get<bool>();
    j.description = sum.at("data").get<std::string>();
    j.note = sum.at("note").get<std::string>();
    return j;
}

}  // namespace assay::app
