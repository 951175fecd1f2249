#pragma once
// Expert co-activation C = MᵀM of one MoE layer (papers.md §1, Step 2), M the [T,n] multi-hot
// selection matrix: C[i][j] counts the tokens that chose both i and j; C[i][i] = u_i, the usage
// of expert i. Identities: C symmetric, Σ_{j≠i} C_ij = (k−1)·u_i, Σ_i u_i = k·T.
// Computed without materialising pairs: each token adds its k(k−1)/2 unordered pairs to a
// histogram (CPU: one per thread; CUDA: shared memory for n <= 128, global atomics beyond).
#include <cstdint>
#include <string>
#include <vector>

#include "assay/core/shard.h"
#include "assay/jobs/job_context.h"

namespace assay::core::moe {

class TraceSource;
struct LayerRouting;

inline constexpr int kMaxCoactivationExperts = 4096;

struct Coactivation {
    int n = 0;
    int k = 0;
    std::int64_t tokens = 0;           // T
    std::vector<std::int64_t> counts;  // [n,n] row-major, diagonal = usage
    std::int64_t at(int i, int j) const { return counts[static_cast<std::size_t>(i) * n + j]; }
    std::int64_t usage(int i) const { return at(i, i); }
};

// The one dispatching function: checks 1 <= k <= n <= kMaxCoactivationExperts and rows >= 0,
// runs on the CUDA kernel when the process device is CUDA, else on computeThreads() CPU threads.
// idx is host memory [rows,k] row-major. Throws InputError ("<label>: row r: ...", r counted
// from 1) for an index
// outside [0,n) or an expert repeated within a row; nothing is returned then.
Coactivation coactivationCounts(const std::int32_t* idx, std::int64_t rows, int k, int n,
                                const std::string& label = "topk_idx");

// Adds chunks into one result, so that traces larger than memory stream through.
class CoactivationAccumulator {
public:
    CoactivationAccumulator(int k, int n, std::string label = "topk_idx");
    void add(const std::int32_t* idx, std::int64_t rows);  // same checks as coactivationCounts
    const Coactivation& result() const { return m_total; }

private:
    std::string m_label;
    Coactivation m_total;
};

Coactivation coactivation(const LayerRouting& layer, int numExperts);
// Streams layer `layer` of a trace in chunks of chunkTokens; progress(rows, T) after each
// chunk, which is where a cancel lands. Device as coactivationCounts.
Coactivation coactivation(const TraceSource& trace, int layer, JobContext& job = JobContext::none(),
                          std::int64_t chunkTokens = 1 << 20);
// Only rows [rows.begin, rows.end) (one shard of a sharded run; tokens = rows.size()). Counts
// add: the sum over shards that tile [0, T) equals the whole trace's counts exactly.
Coactivation coactivation(const TraceSource& trace, int layer, RowRange rows,
                          JobContext& job = JobContext::none(), std::int64_t chunkTokens = 1 << 20);
// Σ of counts and tokens; ParameterError when n or k differ.
Coactivation addCoactivations(const std::vector<Coactivation>& parts);

// Display normalisations (papers.md §1 Step 3), [n,n] doubles. The diagonal is 0 in all but Raw
// (where it is usage). Rows/pairs with zero usage give 0, never NaN.
//  Raw          C_ij
//  Conditional  P(j|i) = C_ij / Σ_{j'≠i} C_ij' = C_ij / ((k−1) u_i)
//  Jaccard      C_ij / (u_i + u_j − C_ij)
//  Share        C_ij / Σ_{a≠b} C_ab
//  Lift         C_ij / E_ij with E_ij = (k−1) u_i u_j / (k T − (u_i + u_j)/2), the expected count
//               under routing that ignores partners. Exact for uniform independent k-subsets
//               (E = T·k(k−1)/(n(n−1))); for unequal usage it is the symmetrised "draw i, then
//               its k−1 partners in proportion to usage among the others", whose row i sums to
//               (k−1)·u_i to first order. Lift 1 = as often as chance, > 1 = collaboration.
enum class Normalisation { Raw, Conditional, Jaccard, Share, Lift };
std::vector<double> normalise(const Coactivation& c, Normalisation how);
// "raw", "conditional", "jaccard", "share", "lift"; ParameterError otherwise.
Normalisation normalisationFromName(const std::string& name);
const char* normalisationName(Normalisation how);

}  // namespace assay::core::moe
