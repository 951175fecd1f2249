#pragma once
// What a partial result (`assay-run <command> --shard i/N`) records about itself, so that
// `assay-run merge` can refuse parts that do not make one run: the command, its parameters as
// the unsharded run records them, the shard, the rows it covered and the inputs' SHA-256. Stored
// as JSON in the safetensors metadata key "assay_partial"; the tensors are the command's sums.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "assay/core/shard.h"

namespace assay::core {

inline constexpr const char* kPartialMetadataKey = "assay_partial";
inline constexpr int kPartialFormatVersion = 1;

struct PartialHeader {
    std::string command;                                   // "coactivation", ...
    nlohmann::json parameters = nlohmann::json::object();  // equal in every part
    Shard shard;
    RowRange rows;                                            // the rows this part summed
    std::int64_t totalRows = 0;                               // R of the whole input
    std::vector<std::pair<std::string, std::string>> inputs;  // file name, sha256
    nlohmann::json summary = nlohmann::json::object();        // the command's own small values
    std::uint64_t seed = 0;  // the run's seed (random splits, samples), as its provenance records
    // Input paths as the command line gave them, which the result quotes; not compared (a task
    // may stage its input elsewhere): the merge takes part 0's.
    nlohmann::json named = nlohmann::json::object();

    nlohmann::json toJson() const;
    // InputError naming `file` for a header that is missing fields or of another version.
    static PartialHeader fromJson(const nlohmann::json& j, const std::string& file);
};

// Checks that parts (named by files[i]) are the N shards of one run: one command, equal
// parameters, equal inputs, one N, every index 0..N-1 exactly once, rows that tile [0, R).
// Throws ParameterError("merge", ...) naming the offending files; returns the parts' positions
// in shard order.
std::vector<std::size_t> checkPartsMakeOneRun(const std::vector<PartialHeader>& parts,
                                              const std::vector<std::string>& files);

}  // namespace assay::core
