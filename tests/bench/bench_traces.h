#pragma once
// Large routing traces for the benchmarks, written layer by layer (the bench never holds the
// whole file): layers.{l}.topk_idx int64 [T, k], uniform k-subsets of [0, 64) from a seeded
// generator (SplitMix64), with num_experts and top_k in the metadata.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "assay/core/random.h"

namespace assay::bench {

inline void writeRoutingTrace(const std::filesystem::path& path, std::int64_t tokens, int layers,
                              std::uint64_t seed = 99) {
    constexpr int kExperts = 64, kTopK = 8;
    nlohmann::json header;
    const std::int64_t layerBytes = tokens * kTopK * 8;
    for (int l = 0; l < layers; ++l)
        header["layers." + std::to_string(l) + ".topk_idx"] = {
            {"dtype", "I64"},
            {"shape", {tokens, kTopK}},
            {"data_offsets", {l * layerBytes, (l + 1) * layerBytes}}};
    header["__metadata__"] = {{"num_experts", std::to_string(kExperts)},
                              {"top_k", std::to_string(kTopK)}};
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');
    std::ofstream f(path, std::ios::binary);
    const std::uint64_t len = h.size();
    f.write(reinterpret_cast<const char*>(&len), 8);
    f.write(h.data(), static_cast<std::streamsize>(h.size()));
    core::SplitMix64 rng(seed);
    std::vector<std::int64_t> chunk;
    constexpr std::int64_t kChunk = 1 << 20;
    for (int l = 0; l < layers; ++l)
        for (std::int64_t t0 = 0; t0 < tokens; t0 += kChunk) {
            const std::int64_t rows = std::min(kChunk, tokens - t0);
            chunk.assign(static_cast<std::size_t>(rows * kTopK), 0);
            for (std::int64_t t = 0; t < rows; ++t) {
                std::uint64_t used = 0;
                for (int p = 0; p < kTopK;) {
                    const int e = static_cast<int>(rng.next() >> 58);
                    if (used >> e & 1) continue;
                    used |= std::uint64_t{1} << e;
                    chunk[static_cast<std::size_t>(t * kTopK + p++)] = e;
                }
            }
            f.write(reinterpret_cast<const char*>(chunk.data()),
                    static_cast<std::streamsize>(chunk.size() * 8));
        }
    if (!f) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace assay::bench
