// The per-image and batch analyses of the Token windows view and `assay-run windows`
// (windows_analysis.h): the request is resolved against the input once (methods the input
// allows, budgets that divide the grid), then every method runs at every budget.
#include "assay/tokens/windows_analysis.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "linear_decoder.h"

namespace assay::core::tokens {
namespace {

constexpr char kNoAttention[] =
    "CLS selection needs CLS attention over the patches (an `attention` tensor), and the input "
    "has none";

struct Resolved {
    std::vector<ReductionMethod> methods;
    std::vector<GridSize> budgets;
};

Resolved resolve(const PatchFeatures& features, const WindowsRequest& request) {
    Resolved r;
    r.methods = request.methods;
    if (r.methods.empty())
        for (ReductionMethod m : allReductionMethods())
            if (m != ReductionMethod::Cls || features.hasAttention()) r.methods.push_back(m);
    const GridSize grid = features.grid();
    r.budgets = request.budgets;
    if (r.budgets.empty()) {
        // 12 × 12 for CLIP's 24 × 24 grid: half of each side, or the largest budget there is.
        if (grid.rows % 2 == 0 && grid.cols % 2 == 0) {
            r.budgets.push_back({grid.rows / 2, grid.cols / 2});
        } else {
            const std::vector<GridSize> all = budgetGrids(grid);
            if (all.empty())
                throw ParameterError(
                    "budget", "the grid " + gridSizeText(grid) + " has no smaller output grid");
            r.budgets.push_back(all.back());
        }
    }
    for (GridSize out : r.budgets) windowGeometry(grid, out);  // ParameterError naming it
    if (request.secondSet && !features.hasSecondSet())
        throw ParameterError("features_b",
                             "the second feature set was asked for, and the input has none");
    if (request.tomeR < 0)
        throw ParameterError("tome-r", std::to_string(request.tomeR) + " is negative");
    return r;
}

ReductionSpec specOf(ReductionMethod m, GridSize out, const WindowsRequest& request) {
    ReductionSpec spec;
    spec.method = m;
    spec.out = out;
    spec.tomeR = request.tomeR;
    return spec;
}

// s_w statistics over groups of at least two patches.
void similarityStats(const TokenReduction& red, double& mean, int& singletons) {
    double sum = 0;
    int groups = 0;
    singletons = 0;
    for (int m = 0; m < red.tokenCount; ++m) {
        if (red.members[std::size_t(m)].size() < 2) {
            ++singletons;
            continue;
        }
        sum += red.similarity[std::size_t(m)];
        ++groups;
    }
    mean = groups > 0 ? sum / groups : std::nan("");
}

MethodResult analyseOne(const float* v, const PatchFeatures& features, int image, ReductionMethod m,
                        GridSize out, const WindowsRequest& request) {
    MethodResult r;
    r.method = m;
    r.out = out;
    if (m == ReductionMethod::Cls && !features.hasAttention()) {
        r.unavailable = kNoAttention;
        return r;
    }
    const GridSize grid = features.grid();
    const int dim = features.dim();
    r.reduction =
        reduceTokens(v, grid, dim, specOf(m, out, request),
                     m == ReductionMethod::Cls ? features.attention(image) : std::vector<double>{});
    const std::vector<float> back = reconstructGrid(r.reduction, dim, request.upsampling);
    r.error = patchError(v, back.data(), dim, grid.patches());
    double sum = 0;
    for (double e : r.error) sum += e;
    r.meanError = sum / double(r.error.size());
    similarityStats(r.reduction, r.meanSimilarity, r.singletons);
    return r;
}

// The decoders' own progress is not the batch's; cancelling the batch still stops them.
class CancelOnly : public JobContext {
public:
    explicit CancelOnly(JobContext& outer) : m_outer(outer) {}

protected:
    void onProgress(std::int64_t, std::int64_t) override { m_outer.throwIfCancelled(); }

private:
    JobContext& m_outer;
};

}  // namespace

const MethodResult* ImageAnalysis::find(ReductionMethod m, GridSize out) const {
    for (const MethodResult& r : results)
        if (r.method == m && r.out.rows == out.rows && r.out.cols == out.cols) return &r;
    return nullptr;
}

ImageAnalysis analyseImage(const PatchFeatures& features, int image, const WindowsRequest& request,
                           JobContext& job) {
    if (image < 0 || image >= features.images())
        throw ParameterError("image", std::to_string(image) + " is outside 0 .. " +
                                          std::to_string(features.images() - 1));
    const Resolved r = resolve(features, request);
    ImageAnalysis a;
    a.image = image;
    a.grid = features.grid();
    a.dim = features.dim();
    const std::vector<float> v = features.imageRows(image, request.secondSet);
    const std::int64_t total = std::int64_t(r.methods.size() * r.budgets.size()) + 1;
    std::int64_t done = 0;
    for (ReductionMethod m : r.methods)
        for (GridSize out : r.budgets) {
            a.results.push_back(analyseOne(v.data(), features, image, m, out, request));
            job.progress(++done, total);
        }
    a.wicoPlusOut = r.budgets.front();
    a.wicoPlusCosine = wicoPlusCosine(v.data(), a.grid, a.dim, a.wicoPlusOut, request.wicoPlus);
    job.progress(++done, total);
    return a;
}

BatchStatistics analyseBatch(const PatchFeatures& features, const WindowsRequest& request,
                             JobContext& job) {
    const Resolved r = resolve(features, request);
    const std::size_t cells = r.methods.size() * r.budgets.size();
    BatchStatistics stats;
    stats.images = features.images();
    for (ReductionMethod m : r.methods)
        for (GridSize out : r.budgets) {
            SimilarityDistribution d;
            d.method = m;
            d.out = out;
            stats.similarity.push_back(d);
        }
    // Images in parallel, a block at a time (progress between blocks); each image's values land
    // in its own slot and are appended in image order, so the result does not depend on threads.
    const int images = features.images();
    const int block = std::max(1, 4 * parallelWorkers(images, 64));
    const std::int64_t total = images + std::int64_t(r.methods.size());
    for (int first = 0; first < images; first += block) {
        const int last = std::min(images, first + block);
        std::vector<std::vector<std::vector<double>>> values(
            static_cast<std::size_t>(last - first));
        std::vector<std::vector<int>> singles(static_cast<std::size_t>(last - first));
        parallelFor(first, last, 64, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t b = begin; b < end; ++b) {
                auto& mine = values[std::size_t(b - first)];
                auto& single = singles[std::size_t(b - first)];
                mine.resize(cells);
                single.assign(cells, 0);
                const std::vector<float> v = features.imageRows(int(b), request.secondSet);
                std::size_t cell = 0;
                for (ReductionMethod m : r.methods)
                    for (GridSize out : r.budgets) {
                        if (m == ReductionMethod::Cls && !features.hasAttention()) {
                            ++cell;
                            continue;
                        }
                        const TokenReduction red = reduceTokens(
                            v.data(), features.grid(), features.dim(), specOf(m, out, request),
                            m == ReductionMethod::Cls ? features.attention(int(b))
                                                      : std::vector<double>{});
                        for (int t = 0; t < red.tokenCount; ++t) {
                            if (red.members[std::size_t(t)].size() < 2)
                                ++single[cell];
                            else
                                mine[cell].push_back(red.similarity[std::size_t(t)]);
                        }
                        ++cell;
                    }
            }
        });
        for (std::size_t i = 0; i < values.size(); ++i)
            for (std::size_t c = 0; c < cells; ++c) {
                SimilarityDistribution& d = stats.similarity[c];
                d.values.insert(d.values.end(), values[i][c].begin(), values[i][c].end());
                d.singletons += singles[i][c];
            }
        job.progress(last, total);
    }
    for (SimilarityDistribution& d : stats.similarity) {
        double sum = 0;
        for (double x : d.values) sum += x;
        d.mean = d.values.empty() ? std::nan("") : sum / double(d.values.size());
    }
    std::int64_t done = images;
    CancelOnly inner(job);
    for (ReductionMethod m : r.methods) {
        stats.decoders.push_back(detail::fitLinearDecoder(
            features, specOf(m, r.budgets.front(), request), request.secondSet, inner));
        job.progress(++done, total);
    }
    return stats;
}

}  // namespace assay::core::tokens
