#include "assay/moe/graph_edges.h"

#include <algorithm>
#include <numeric>

#include "assay/core/error.h"

namespace assay::core::moe {

EdgeWeight edgeWeightFromName(const std::string& name) {
    if (name == "lift") return EdgeWeight::Lift;
    if (name == "conditional") return EdgeWeight::Conditional;
    throw ParameterError("edge-weight", "'" + name + "' is not lift or conditional");
}

const char* edgeWeightName(EdgeWeight weight) {
    return weight == EdgeWeight::Lift ? "lift" : "conditional";
}

std::vector<double> linkWeights(const Coactivation& c, EdgeWeight weight) {
    std::vector<double> w =
        normalise(c, weight == EdgeWeight::Lift ? Normalisation::Lift : Normalisation::Conditional);
    const int n = c.n;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i == j || (c.at(i, j) == 0 && c.at(j, i) == 0))
                w[static_cast<std::size_t>(i) * n + j] = 0.0;
    return w;
}

std::vector<std::vector<int>> topLinks(const std::vector<double>& w, int n, int topT) {
    std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double* row = w.data() + static_cast<std::size_t>(i) * n;
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [row](int a, int b) { return row[a] > row[b]; });
        for (int j : order) {
            if (static_cast<int>(out[i].size()) >= topT || !(row[j] > 0)) break;
            if (j != i) out[i].push_back(j);
        }
    }
    return out;
}

std::vector<double> topLinkMatrix(const std::vector<double>& w, int n, int topT) {
    std::vector<double> m(static_cast<std::size_t>(n) * n, 0.0);
    const auto links = topLinks(w, n, topT);
    for (int i = 0; i < n; ++i)
        for (int j : links[i]) {
            const double v = std::max(w[static_cast<std::size_t>(i) * n + j],
                                      w[static_cast<std::size_t>(j) * n + i]);
            m[static_cast<std::size_t>(i) * n + j] = m[static_cast<std::size_t>(j) * n + i] = v;
        }
    return m;
}

}  // namespace assay::core::moe
