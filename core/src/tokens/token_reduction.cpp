// reduceTokens: WiCo window concatenation, 2-D pooling, 1-D concatenation and CLS selection here;
// ToMe in tome_merge.cpp. One image at a time, on the calling thread: batch callers (the batch
// statistics, the benchmark) run images in parallel, where the work is large enough to pay for
// threads.
#include "assay/tokens/token_reduction.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "assay/core/error.h"
#include "reduction_kernels.h"
#include "tome_merge.h"

namespace assay::core::tokens {
namespace {

// Window w = (R, C) of the output grid in raster order; members in raster order of the patches
// (= window offset (a, b) row-major, the order of the unfold layout).
std::vector<std::vector<int>> windowMembers(const WindowGeometry& g) {
    std::vector<std::vector<int>> members(static_cast<std::size_t>(g.tokens()));
    for (int R = 0; R < g.out.rows; ++R)
        for (int C = 0; C < g.out.cols; ++C) {
            std::vector<int>& m = members[static_cast<std::size_t>(R * g.out.cols + C)];
            m.reserve(static_cast<std::size_t>(g.windowSize()));
            for (int a = 0; a < g.kernelRows; ++a)
                for (int b = 0; b < g.kernelCols; ++b)
                    m.push_back((R * g.strideRows + a) * g.in.cols + C * g.strideCols + b);
        }
    return members;
}

std::vector<std::vector<int>> consecutiveMembers(int patches, int tokens) {
    const int g = patches / tokens;
    std::vector<std::vector<int>> members(static_cast<std::size_t>(tokens));
    for (int t = 0; t < tokens; ++t) {
        members[static_cast<std::size_t>(t)].resize(static_cast<std::size_t>(g));
        std::iota(members[static_cast<std::size_t>(t)].begin(),
                  members[static_cast<std::size_t>(t)].end(), t * g);
    }
    return members;
}

// tokens[t] = the members' rows interleaved channel-major (concat) or their mean (pool).
void fillTokens(const float* features, int dim, bool concat, TokenReduction& r) {
    const std::size_t k = r.members.empty() ? 0 : r.members[0].size();
    r.tokenDim = concat ? dim * static_cast<int>(k) : dim;
    r.tokens.resize(static_cast<std::size_t>(r.tokenCount) * static_cast<std::size_t>(r.tokenDim));
    std::vector<const float*> rows(k);
    for (int t = 0; t < r.tokenCount; ++t) {
        const std::vector<int>& m = r.members[static_cast<std::size_t>(t)];
        for (std::size_t j = 0; j < k; ++j)
            rows[j] = features + static_cast<std::size_t>(m[j]) * dim;
        float* out = r.tokens.data() + static_cast<std::size_t>(t) * r.tokenDim;
        if (concat)
            detail::interleaveRows(rows.data(), static_cast<int>(k), dim, out);
        else
            detail::meanRows(rows.data(), static_cast<int>(k), dim, out);
    }
}

void fillSource(TokenReduction& r) {
    r.source.assign(static_cast<std::size_t>(r.in.patches()), -1);
    for (std::size_t t = 0; t < r.members.size(); ++t)
        for (int p : r.members[t]) r.source[static_cast<std::size_t>(p)] = static_cast<int>(t);
}

void selectByAttention(const float* features, int dim, const std::vector<double>& attention,
                       TokenReduction& r) {
    const int n = static_cast<int>(r.in.patches());
    if (attention.empty())
        throw ParameterError("method", "cls needs the CLS attention over the patches");
    if (static_cast<int>(attention.size()) != n)
        throw ParameterError("attention", "has " + std::to_string(attention.size()) +
                                              " values, the grid has " + std::to_string(n) +
                                              " patches");
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    // Highest first, ties to the lower index; NaN counts as lowest.
    auto key = [&](int i) {
        const double a = attention[static_cast<std::size_t>(i)];
        return std::isnan(a) ? -INFINITY : a;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
    order.resize(static_cast<std::size_t>(r.tokenCount));
    std::sort(order.begin(), order.end());
    r.tokenDim = dim;
    r.tokens.resize(static_cast<std::size_t>(r.tokenCount) * dim);
    r.members.assign(static_cast<std::size_t>(r.tokenCount), {});
    for (int t = 0; t < r.tokenCount; ++t) {
        const int p = order[static_cast<std::size_t>(t)];
        r.members[static_cast<std::size_t>(t)] = {p};
        std::copy_n(features + static_cast<std::size_t>(p) * dim, dim,
                    r.tokens.data() + static_cast<std::size_t>(t) * dim);
    }
}

}  // namespace

TokenReduction reduceTokens(const float* features, GridSize grid, int dim,
                            const ReductionSpec& spec, const std::vector<double>& attention) {
    if (dim <= 0) throw ParameterError("dim", std::to_string(dim) + " must be at least 1");
    if (features == nullptr) throw ParameterError("features", "no data");
    const WindowGeometry g = windowGeometry(grid, spec.out);  // every method: the same budgets
    TokenReduction r;
    r.method = spec.method;
    r.in = grid;
    r.out = spec.out;
    r.tokenCount = g.tokens();
    const int n = static_cast<int>(grid.patches());
    switch (spec.method) {
        case ReductionMethod::Wico:
        case ReductionMethod::Pool:
            r.members = windowMembers(g);
            fillTokens(features, dim, spec.method == ReductionMethod::Wico, r);
            break;
        case ReductionMethod::Concat1d:
            r.members = consecutiveMembers(n, r.tokenCount);
            fillTokens(features, dim, true, r);
            break;
        case ReductionMethod::Tome:
            detail::tomeReduce(features, n, dim, r.tokenCount, spec.tomeR, r);
            break;
        case ReductionMethod::Cls:
            selectByAttention(features, dim, attention, r);
            break;
    }
    fillSource(r);
    r.similarity = groupSimilarity(features, dim, r.members);
    return r;
}

std::vector<double> groupSimilarity(const float* features, int dim,
                                    const std::vector<std::vector<int>>& groups) {
    int rows = 0;
    for (const auto& m : groups)
        for (int p : m) {
            if (p < 0) throw ParameterError("group", "patch index " + std::to_string(p) + " < 0");
            rows = std::max(rows, p + 1);
        }
    std::vector<double> invNorm(static_cast<std::size_t>(rows));
    detail::inverseNorms(features, rows, dim, invNorm.data());
    std::vector<double> out;
    out.reserve(groups.size());
    for (const auto& m : groups)
        out.push_back(detail::groupCosineMean(features, dim, m.data(), static_cast<int>(m.size()),
                                              invNorm.data()));
    return out;
}

std::vector<double> pairwiseCosine(const float* features, int dim,
                                   const std::vector<int>& patches) {
    const std::size_t k = patches.size();
    std::vector<double> norm(k), out(k * k, 0.0);
    auto row = [&](std::size_t i) { return features + static_cast<std::size_t>(patches[i]) * dim; };
    for (std::size_t i = 0; i < k; ++i) norm[i] = std::sqrt(detail::dotDouble(row(i), row(i), dim));
    for (std::size_t i = 0; i < k; ++i) {
        out[i * k + i] = 1.0;
        for (std::size_t j = i + 1; j < k; ++j) {
            const double d = norm[i] * norm[j];
            const double c = d > 0 ? detail::dotDouble(row(i), row(j), dim) / d : 0.0;
            out[i * k + j] = out[j * k + i] = c;
        }
    }
    return out;
}

}  // namespace assay::core::tokens
