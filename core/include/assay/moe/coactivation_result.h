#pragma once
// The result `assay-run coactivation` writes as .safetensors (and `assay-run merge` writes from a
// sharded run's parts), read back so that the Experts view and `assay render` open a cluster
// run's result on a laptop: layers.{l}.coactivation int64 [n, n] (the diagonal is usage), with
// the result JSON in metadata "assay" (top_k, tokens, the layers' numbers, provenance).
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/moe/coactivation.h"

namespace assay::core::moe {

struct CoactivationResult {
    std::vector<int> layerNumbers;     // the trace's layer numbers, as the run chose them
    std::vector<Coactivation> layers;  // the counts with the run's k and T
    std::string model;
    std::size_t parts = 0;      // merged from this many parts; 0 for one run
    nlohmann::json provenance;  // as written (inputs, parameters, parts)
};

// True for a safetensors file whose metadata "assay" is a coactivation result (its provenance's
// analysis is "coactivation"); false for other files, and for files that are not safetensors.
bool isCoactivationResult(const std::filesystem::path& path);

// InputError naming the file and tensor for a missing layer, a wrong shape, negative counts or
// counts that do not match k·T.
CoactivationResult loadCoactivationResult(const std::filesystem::path& path);

}  // namespace assay::core::moe
