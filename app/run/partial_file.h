#pragma once
// Partial results of sharded runs (`--shard i/N`): written as safetensors (the command's sums)
// with the PartialHeader in metadata "assay_partial", read back by `assay-run merge`, which
// hands the checked parts, in shard order, to the command's merge function.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assay/core/collective.h"
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

// The rows this process takes: its rank's part under --mpi (`ranks`), the shard's part under
// --shard, else all of them.
struct RunSplit {
    const core::Collective* ranks = nullptr;  // non-null under --mpi
    std::optional<core::Shard> shard;         // --shard
    core::Shard part() const;                 // {rank, size}, the shard, or the whole
    bool writes() const { return !ranks || ranks->rank() == 0; }  // rank 0 writes the result
};
// Reads --shard and --mpi (ParameterError when both are given) and runs `body` with the split.
// Under MPI a rank that fails prints its error and ends every rank (none waits for a sum the
// failed one will never join).
int runSplit(const std::string& shard, bool mpi, const std::function<int(const RunSplit&)>& body);

// Inputs (name, sha256) from the command's own provenance, so parts and the merged result agree.
void writePartial(const std::string& out, const core::PartialHeader& header,
                  const std::vector<core::io::TensorToWrite>& tensors);

// Opens every file, reads its header (InputError for a file that is not a partial result) and
// checks that they make one run; returns them in shard order.
std::vector<PartialPart> readParts(const std::vector<std::string>& files);

// The merged result's provenance: the parts' command, inputs, parameters and seed, and every
// part's file and SHA-256.
core::Provenance mergedProvenance(const std::vector<PartialPart>& parts);

// A part's tensor, refused (InputError naming the part and tensor) unless it holds `want` values.
std::vector<double> partDoubles(const PartialPart& part, const std::string& name, std::size_t want);
std::vector<std::int64_t> partInt64(const PartialPart& part, const std::string& name,
                                    std::size_t want);

// Each command that shards has one; `merge` picks it by the parts' command name.
int mergeCoactivationParts(const std::vector<PartialPart>& parts, const std::string& out);
int mergeConformalParts(const std::vector<PartialPart>& parts, const std::string& out);
int mergeExplainParts(const std::vector<PartialPart>& parts, const std::string& out);
int mergeDirectionsParts(const std::vector<PartialPart>& parts, const std::string& out);

}  // namespace assay::app
