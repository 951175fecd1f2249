// Part of assay_core (not _base): the device comes from the LibTorch runtime.
#include "assay/core/provenance.h"

#include <chrono>
#include <ctime>

#include "assay/core/runtime.h"
#include "assay/core/version.h"
#include "assay/io/sha256.h"

namespace assay::core {

nlohmann::json Provenance::toJson() const {
    nlohmann::json in = nlohmann::json::array();
    for (const auto& [file, hash] : inputs) in.push_back({{"file", file}, {"sha256", hash}});
    nlohmann::json j = {{"assay_version", version}, {"analysis", analysis}, {"inputs", in},
                        {"parameters", parameters}, {"seed", seed},         {"device", device},
                        {"created_utc", createdUtc}};
    if (!parts.empty()) {
        nlohmann::json ps = nlohmann::json::array();
        for (const auto& [file, hash] : parts) ps.push_back({{"file", file}, {"sha256", hash}});
        j["parts"] = ps;
    }
    return j;
}

std::map<std::string, std::string> Provenance::toText() const {
    std::map<std::string, std::string> t;
    t["assay:version"] = version;
    t["assay:analysis"] = analysis;
    std::string files;
    for (const auto& [file, hash] : inputs)
        files += (files.empty() ? "" : "; ") + file + " sha256:" + hash;
    t["assay:inputs"] = files;
    t["assay:parameters"] = parameters.dump();
    t["assay:seed"] = std::to_string(seed);
    t["assay:device"] = device;
    t["assay:created"] = createdUtc;
    if (!parts.empty()) {
        std::string list;
        for (const auto& [file, hash] : parts)
            list += (list.empty() ? "" : "; ") + file + " sha256:" + hash;
        t["assay:parts"] = list;
    }
    return t;
}

Provenance makeProvenance(const std::string& analysis,
                          const std::vector<std::filesystem::path>& inputs,
                          nlohmann::json parameters, std::uint64_t seed) {
    Provenance p;
    p.version = kVersion;
    p.analysis = analysis;
    // All started before any is awaited: several inputs hash side by side. A hash the command
    // started earlier (io::startHash at its beginning) or a cached one is not computed again.
    std::vector<std::shared_future<std::string>> hashes;
    for (const auto& path : inputs)
        hashes.push_back(path.empty() ? std::shared_future<std::string>() : io::startHash(path));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].empty())
            p.inputs.emplace_back("demo", "generated from seed " + std::to_string(seed));
        else
            p.inputs.emplace_back(inputs[i].filename().string(), hashes[i].get());
    }
    p.parameters = std::move(parameters);
    p.seed = seed;
    p.device = currentDevice().name;
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    p.createdUtc = buf;
    return p;
}

}  // namespace assay::core
