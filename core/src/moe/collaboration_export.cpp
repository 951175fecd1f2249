#include "assay/moe/collaboration_export.h"

#include <cstdio>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/safetensors.h"
#include "assay/moe/expert_stats.h"

namespace assay::core::moe {
namespace {

std::vector<double> entropyOf(const Coactivation& c) {
    return c.n > 1 ? expertStats(c, 1).entropy : std::vector<double>(c.n, 0.0);
}

// Shortest text that reads back as the same double.
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

std::string allLayersCsv(const std::vector<Coactivation>& layers) {
    std::string csv = "layer,expert,entropy";
    const int n = layers.empty() ? 0 : layers.front().n;
    for (int j = 0; j < n; ++j) csv += ",p_" + std::to_string(j);
    csv += "\n";
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const std::vector<double> p = normalise(layers[l], Normalisation::Conditional);
        const std::vector<double> h = entropyOf(layers[l]);
        for (int i = 0; i < n; ++i) {
            csv += std::to_string(l) + "," + std::to_string(i) + "," + number(h[i]);
            for (int j = 0; j < n; ++j) csv += "," + number(p[static_cast<std::size_t>(i) * n + j]);
            csv += "\n";
        }
    }
    return csv;
}

void exportAllLayers(const std::vector<Coactivation>& layers, const std::filesystem::path& path,
                     const std::map<std::string, std::string>& metadata) {
    const std::string ext = path.extension().string();
    if (ext == ".csv") return io::writeFileAtomically(path, allLayersCsv(layers));
    if (ext != ".safetensors")
        throw ParameterError("--export",
                             "'" + path.string() + "' must end in .csv or .safetensors");
    const auto L = static_cast<std::int64_t>(layers.size());
    const std::int64_t n = layers.empty() ? 0 : layers.front().n;
    std::vector<double> conditional, entropy;
    for (const Coactivation& c : layers) {
        const std::vector<double> p = normalise(c, Normalisation::Conditional);
        const std::vector<double> h = entropyOf(c);
        conditional.insert(conditional.end(), p.begin(), p.end());
        entropy.insert(entropy.end(), h.begin(), h.end());
    }
    io::writeSafetensors(path,
                         {io::tensorFromDoubles("conditional", conditional, {L, n, n}),
                          io::tensorFromDoubles("entropy", entropy, {L, n})},
                         metadata);
}

}  // namespace assay::core::moe
