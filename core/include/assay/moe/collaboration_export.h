#pragma once
// Every layer's P(j|i) and partner entropy in one file — the Experts view's "Export all layers"
// and `assay-run c2r --export` — so that a collaboration file (e.g. LLaMA-MoE's 32 layers) can be
// compared layer by layer in another tool:
//   .csv          one row per (layer, expert i): layer,expert,entropy,p_0,...,p_{n-1} with
//                 p_j = P(j|i) = C_ij / Σ_{j'≠i} C_ij' (0 on the diagonal and for unused experts)
//   .safetensors  conditional F64 [L,n,n], entropy F64 [L,n]; `metadata` as given
// Written atomically. ParameterError for any other extension; OutputError on I/O failure.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "assay/moe/coactivation.h"

namespace assay::core::moe {

void exportAllLayers(const std::vector<Coactivation>& layers, const std::filesystem::path& path,
                     const std::map<std::string, std::string>& metadata = {});

// The CSV text alone (what the .csv holds).
std::string allLayersCsv(const std::vector<Coactivation>& layers);

}  // namespace assay::core::moe
