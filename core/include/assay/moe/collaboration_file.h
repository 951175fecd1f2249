#pragma once
// Precomputed collaboration matrices — e.g. the C2R repository's profiling output converted to
// arrays — as the Experts view and `assay-run c2r --collab` read them: a tensor [L,n,n] or [n,n]
// of non-negative counts in .npy, .npz or .safetensors (the tensor named "collaboration", else
// the file's only tensor). The diagonal is ignored (C2R's files store 0 or −1 there).
// Without the routing itself, matrices are read as partner counts with k = 2: "usage" becomes
// the partner mass Σ_{j≠i} C_ij, so P(j|i), Jaccard, share and lift keep their meaning.
#include <filesystem>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/moe/coactivation.h"
#include "assay/moe/experts_analysis.h"

namespace assay::core::moe {

// InputError naming the file and tensor for a wrong rank, non-square matrices, negative or
// non-finite counts.
std::vector<Coactivation> loadCollaboration(const std::filesystem::path& path);

// True when the file holds a routing trace (tensors "layers.*" other than a coactivation
// result's "layers.{l}.coactivation"), false for a collaboration file or such a result.
bool isRoutingTrace(const std::filesystem::path& path);

// The Experts analysis of matrices alone: co-activation and statistics per layer; no C2R, no
// domains, no placement volumes (they need the routing). k is the layers' own (2 for
// collaboration files, the run's for coactivation results).
ExpertsAnalysis analyzeCollaboration(const std::vector<Coactivation>& layers, int topT,
                                     JobContext& job = JobContext::none());

// The [n*n] doubles of each layer, for C2rParams::collaboration.
std::vector<std::vector<double>> collaborationAsDoubles(const std::vector<Coactivation>& layers);

}  // namespace assay::core::moe
