#include "partial_file.h"

#include <filesystem>

#include "assay/core/error.h"
#include "assay/io/sha256.h"

namespace assay::app {

void requirePartialOut(const std::string& out) {
    if (std::filesystem::path(out).extension() != ".safetensors")
        throw core::ParameterError("--out", "'" + out +
                                                "': a shard's partial result is a .safetensors "
                                                "file (assay-run merge reads it)");
}

std::optional<core::Shard> shardOption(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return core::parseShard(text);
}

void writePartial(const std::string& out, const core::PartialHeader& header,
                  const std::vector<core::io::TensorToWrite>& tensors) {
    core::io::writeSafetensors(out, tensors, {{core::kPartialMetadataKey, header.toJson().dump()}});
}

std::vector<PartialPart> readParts(const std::vector<std::string>& files) {
    std::vector<PartialPart> parts;
    for (const std::string& f : files) {
        core::io::startHash(f);  // the merged provenance's part hashes overlap the reading
        core::io::TensorFile t = core::io::TensorFile::open(f);
        const auto it = t.metadata().find(core::kPartialMetadataKey);
        if (it == t.metadata().end())
            throw core::InputError(f, core::kPartialMetadataKey,
                                   "not a partial result (write one with assay-run <command> "
                                   "--shard i/N)");
        nlohmann::json j = nlohmann::json::parse(it->second, nullptr, false);
        if (j.is_discarded())
            throw core::InputError(f, core::kPartialMetadataKey, "is not valid JSON");
        parts.push_back({f, core::PartialHeader::fromJson(j, f), std::move(t)});
    }
    std::vector<core::PartialHeader> headers;
    for (const PartialPart& p : parts) headers.push_back(p.header);
    std::vector<PartialPart> ordered;
    for (std::size_t i : core::checkPartsMakeOneRun(headers, files))
        ordered.push_back(std::move(parts[i]));
    return ordered;
}

core::Provenance mergedProvenance(const std::vector<PartialPart>& parts, std::uint64_t seed) {
    const core::PartialHeader& h = parts.front().header;
    core::Provenance p = core::makeProvenance(h.command, {}, h.parameters, seed);
    p.inputs = h.inputs;
    for (const PartialPart& part : parts)
        p.parts.emplace_back(std::filesystem::path(part.file).filename().string(),
                             core::io::startHash(part.file).get());
    return p;
}

}  // namespace assay::app
