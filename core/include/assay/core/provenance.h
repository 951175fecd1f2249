#pragma once
// What every result file and exported figure carries: Assay's version, the input files and their
// SHA-256, the parameters, the seed and the device (DESIGN.md, "Provenance").
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace assay::core {

struct Provenance {
    std::string version;                                      // Assay's version
    std::string analysis;                                     // "calibration", ...
    std::vector<std::pair<std::string, std::string>> inputs;  // file name, sha256 (or "demo")
    nlohmann::json parameters = nlohmann::json::object();
    std::uint64_t seed = 0;
    std::string device;
    std::string createdUtc;  // ISO 8601
    // A merged sharded run (assay-run merge): every part's file and sha256, in shard order.
    std::vector<std::pair<std::string, std::string>> parts;

    nlohmann::json toJson() const;
    // Flat key → text pairs for PNG text chunks, PDF and SVG metadata ("assay:version", ...).
    std::map<std::string, std::string> toText() const;
};

// Hashes the inputs (streamed; works for multi-GB files; cached, see io/sha256.h) and fills
// version, device and time.
// An empty path records the built-in demo.
Provenance makeProvenance(const std::string& analysis,
                          const std::vector<std::filesystem::path>& inputs,
                          nlohmann::json parameters, std::uint64_t seed);

}  // namespace assay::core
