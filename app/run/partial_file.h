#pragma once
// Partial results of sharded runs (`--shard i/N`): written as safetensors (the command's sums)
// with the PartialHeader in metadata "assay_partial", read back by `assay-run merge`, which
// hands the checked parts, in shard order, to the command's merge function.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assay/core/partial_result.h"
#include "assay/core/provenance.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"

namespace assay::app {

struct PartialPart {
    std::string file;
    core::PartialHeader header;
    core::io::TensorFile tensors;
};

// ParameterError unless `out` ends in .safetensors (before any work).
void requirePartialOut(const std::string& out);
// The shard option's value: nullopt for "" (an unsharded run).
std::optional<core::Shard> shardOption(const std::string& text);

// Inputs (name, sha256) from the command's own provenance, so parts and the merged result agree.
void writePartial(const std::string& out, const core::PartialHeader& header,
                  const std::vector<core::io::TensorToWrite>& tensors);

// Opens every file, reads its header (InputError for a file that is not a partial result) and
// checks that they make one run; returns them in shard order.
std::vector<PartialPart> readParts(const std::vector<std::string>& files);

// The merged result's provenance: the parts' command, inputs and parameters, and every part's
// file and SHA-256.
core::Provenance mergedProvenance(const std::vector<PartialPart>& parts, std::uint64_t seed);

// Each command that shards has one; `merge` picks it by the parts' command name.
int mergeCoactivationParts(const std::vector<PartialPart>& parts, const std::string& out);

}  // namespace assay::app
