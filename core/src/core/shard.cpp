#include "assay/core/shard.h"

#include <charconv>

#include "assay/core/error.h"

namespace assay::core {
namespace {

bool parseInt(const std::string& s, int& value) {
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Shard parseShard(const std::string& text) {
    const std::size_t slash = text.find('/');
    Shard s;
    if (slash == std::string::npos || !parseInt(text.substr(0, slash), s.index) ||
        !parseInt(text.substr(slash + 1), s.count))
        throw ParameterError("--shard",
                             "'" + text + "' is not i/N (e.g. 0/4: the first of 4 parts)");
    if (s.count < 1 || s.count > 100000)
        throw ParameterError("--shard", "'" + text + "': N must lie in [1, 100000]");
    if (s.index < 0 || s.index >= s.count)
        throw ParameterError("--shard", "'" + text + "': i must lie in [0, " +
                                            std::to_string(s.count - 1) +
                                            "] (parts are counted from 0)");
    return s;
}

std::string shardText(const Shard& shard) {
    return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

RowRange shardRows(const Shard& shard, std::int64_t rows) {
    // rows·i/N in 128 bits: no overflow for any trace length.
    const auto cut = [&](std::int64_t i) {
        return static_cast<std::int64_t>(static_cast<__int128>(rows) * i / shard.count);
    };
    return {cut(shard.index), cut(shard.index + 1)};
}

}  // namespace assay::core
