#pragma once
// One part of a run split over N machines (`assay-run <command> --shard i/N`): part i of N takes
// the contiguous rows [⌊R·i/N⌋, ⌊R·(i+1)/N⌋) of R rows (tokens, items), so the parts cover every
// row exactly once whatever R and N are, and a part may be empty when N > R.
#include <cstdint>
#include <string>

namespace assay::core {

struct Shard {
    int index = 0;  // i, counted from 0 (Slurm's SLURM_ARRAY_TASK_ID with --array=0-(N-1))
    int count = 1;  // N
    bool whole() const { return count == 1; }
};

struct RowRange {
    std::int64_t begin = 0;
    std::int64_t end = 0;  // one past the last
    std::int64_t size() const { return end - begin; }
};

// "i/N" with 0 <= i < N and 1 <= N <= 100000; ParameterError("--shard", ...) otherwise.
Shard parseShard(const std::string& text);
std::string shardText(const Shard& shard);  // "i/N"
RowRange shardRows(const Shard& shard, std::int64_t rows);

}  // namespace assay::core
