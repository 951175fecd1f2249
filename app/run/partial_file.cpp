#include "partial_file.h"

#include <filesystem>
#include <iostream>

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

core::Shard RunSplit::part() const {
    if (ranks) return {ranks->rank(), ranks->size()};
    return shard.value_or(core::Shard{});
}

int runSplit(const std::string& shard, bool mpi, const std::function<int(const RunSplit&)>& body) {
    RunSplit split;
    split.shard = shardOption(shard);
    if (!mpi) return body(split);
    if (split.shard)
        throw core::ParameterError("--mpi", "give --shard (array jobs) or --mpi, not both");
    split.ranks = &core::Collective::world();
    if (split.ranks->size() == 1) return body(split);
    // Exit codes as in one process: 2 for bad input or parameters, 1 for anything else.
    try {
        return body(split);
    } catch (const core::Error& e) {
        std::cerr << "assay-run: rank " << split.ranks->rank() << " of " << split.ranks->size()
                  << ": " << e.what() << "\n";
        split.ranks->abort(2);
    } catch (const std::exception& e) {
        std::cerr << "assay-run: rank " << split.ranks->rank() << " of " << split.ranks->size()
                  << ": internal error: " << e.what() << "\n";
        split.ranks->abort(1);
    }
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

namespace {
template <typename T>
std::vector<T> counted(const PartialPart& part, const std::string& name, std::vector<T> v,
                       std::size_t want) {
    if (v.size() != want)
        throw core::InputError(
            part.file, name,
            "has " + std::to_string(v.size()) + " values, expected " + std::to_string(want));
    return v;
}
}  // namespace

std::vector<double> partDoubles(const PartialPart& part, const std::string& name,
                                std::size_t want) {
    return counted(part, name, part.tensors.toDoubles(name), want);
}
std::vector<std::int64_t> partInt64(const PartialPart& part, const std::string& name,
                                    std::size_t want) {
    return counted(part, name, part.tensors.toInt64(name), want);
}

core::Provenance mergedProvenance(const std::vector<PartialPart>& parts) {
    const core::PartialHeader& h = parts.front().header;
    core::Provenance p = core::makeProvenance(h.command, {}, h.parameters, h.seed);
    p.inputs = h.inputs;
    for (const PartialPart& part : parts)
        p.parts.emplace_back(std::filesystem::path(part.file).filename().string(),
                             core::io::startHash(part.file).get());
    return p;
}

}  // namespace assay::app
