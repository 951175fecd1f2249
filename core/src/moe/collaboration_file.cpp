#include "assay/moe/collaboration_file.h"

#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"

namespace assay::core::moe {

bool isRoutingTrace(const std::filesystem::path& path) {
    const io::TensorFile f = io::TensorFile::open(path);
    for (const auto& t : f.tensors())
        if (t.name.rfind("layers.", 0) == 0 &&
            t.name.find(".coactivation") == std::string::npos)  // a result's counts: not routing
            return true;
    return false;
}

std::vector<Coactivation> loadCollaboration(const std::filesystem::path& path) {
    const io::TensorFile f = io::TensorFile::open(path);
    const std::string file = path.filename().string();
    const io::TensorInfo* info = f.find("collaboration");
    if (!info) {
        if (f.tensors().size() != 1)
            throw InputError(file, "collaboration",
                             "tensor not found (and the file has " +
                                 std::to_string(f.tensors().size()) +
                                 " tensors, so none can be taken as the matrix)");
        info = &f.tensors().front();
    }
    const auto& shape = info->shape;
    if ((shape.size() != 2 && shape.size() != 3) ||
        shape[shape.size() - 1] != shape[shape.size() - 2])
        throw InputError(file, info->name, "expected collaboration counts [L,n,n] or [n,n]");
    const int n = static_cast<int>(shape.back());
    const int L = shape.size() == 3 ? static_cast<int>(shape[0]) : 1;
    if (n < 2 || n > kMaxCoactivationExperts || L < 1)
        throw InputError(
            file, info->name,
            "needs 2.." + std::to_string(kMaxCoactivationExperts) + " experts and a layer");
    const std::vector<double> v = f.toDoubles(info->name);
    std::vector<Coactivation> layers;
    for (int l = 0; l < L; ++l) {
        Coactivation c;
        c.n = n;
        c.k = 2;
        c.counts.assign(static_cast<std::size_t>(n) * n, 0);
        std::int64_t total = 0;
        for (int i = 0; i < n; ++i) {
            std::int64_t partners = 0;
            for (int j = 0; j < n; ++j) {
                if (i == j) continue;
                const double x = v[(static_cast<std::size_t>(l) * n + i) * n + j];
                if (!std::isfinite(x) || x < 0)
                    throw InputError(file, info->name,
                                     "[" + std::to_string(l) + ", " + std::to_string(i) + ", " +
                                         std::to_string(j) +
                                         "] (layer, expert, partner; indices from 0 like the "
                                         "experts): " +
                                         std::to_string(x) + " is not a count");
                const auto count = static_cast<std::int64_t>(std::llround(x));
                c.counts[static_cast<std::size_t>(i) * n + j] = count;
                partners += count;
            }
            c.counts[static_cast<std::size_t>(i) * n + i] =
                partners;  // usage := partner mass (k = 2)
            total += partners;
        }
        c.tokens = total / 2;  // Σu = kT with k = 2
        layers.push_back(std::move(c));
    }
    return layers;
}

ExpertsAnalysis analyzeCollaboration(const std::vector<Coactivation>& layers, int topT,
                                     JobContext& job) {
    ExpertsAnalysis out;
    if (layers.empty()) throw InputError("collaboration", "layers", "none");
    out.n = layers.front().n;
    out.k = layers.front().k;  // 2 for collaboration files; the run's k for coactivation results
    out.tokens = layers.front().tokens;
    out.fromCollaboration = true;
    if (topT < 1 || topT > out.n - 1)
        throw ParameterError("Top-T",
                             std::to_string(topT) + " is outside 1.." + std::to_string(out.n - 1));
    for (std::size_t l = 0; l < layers.size(); ++l) {
        job.progress(static_cast<std::int64_t>(l), static_cast<std::int64_t>(layers.size()));
        LayerAnalysis a;
        a.vanilla = layers[l];
        a.stats = expertStats(a.vanilla, topT);
        out.layers.push_back(std::move(a));
    }
    return out;
}

std::vector<std::vector<double>> collaborationAsDoubles(const std::vector<Coactivation>& layers) {
    std::vector<std::vector<double>> out;
    for (const Coactivation& c : layers) out.emplace_back(c.counts.begin(), c.counts.end());
    return out;
}

}  // namespace assay::core::moe
