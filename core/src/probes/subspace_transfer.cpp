// ComnHallu-style transfer (papers.md §4, PROPOSAL there), layer by layer: PCA bases on the
// training rows of each side, Procrustes between the paired training coordinates, a probe on the
// aligned source coordinates applied to the target's, and the two in-domain references.
#include "assay/probes/subspace_transfer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "analysis_rows.h"
#include "assay/core/error.h"
#include "assay/probes/probe_metrics.h"

namespace assay::core::probes {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::uint8_t> labelsOf(const std::vector<std::uint8_t>& labels,
                                   const std::vector<std::int64_t>& rows) {
    std::vector<std::uint8_t> out;
    out.reserve(rows.size());
    for (std::int64_t i : rows) out.push_back(labels[static_cast<std::size_t>(i)]);
    return out;
}

bool bothClasses(const std::vector<std::uint8_t>& y) {
    bool zero = false, one = false;
    for (std::uint8_t v : y) (v ? one : zero) = true;
    return zero && one;
}

// z [n × r] · R [r × r]
std::vector<double> rotate(const std::vector<double>& z, const std::vector<double>& R, int r) {
    const std::size_t K = static_cast<std::size_t>(r), n = z.size() / K;
    std::vector<double> out(z.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < K; ++a) {
            const double v = z[i * K + a];
            for (std::size_t b = 0; b < K; ++b) out[i * K + b] += v * R[a * K + b];
        }
    return out;
}

// AUROC of a probe fitted on (trainX, trainY) and applied to (testX, testY); NaN when either
// side lacks a class (a target whose own labels are one-sided).
double probeAuroc(const RowView& trainX, const std::vector<std::uint8_t>& trainY,
                  const RowView& testX, const std::vector<std::uint8_t>& testY,
                  const LogisticOptions& options, LogisticProbe* fitted = nullptr) {
    if (!bothClasses(trainY)) return kNaN;
    LogisticProbe probe = fitLogistic(trainX, trainY, options);
    const double a =
        bothClasses(testY)
            ? auroc(decisionScores(testX, probe.weights, probe.bias, options.threads), testY)
            : kNaN;
    if (fitted) *fitted = std::move(probe);
    return a;
}

std::vector<int> layersToRun(const ProbeDataset& source, const ProbeDataset& target,
                             const std::vector<int>& asked) {
    const std::vector<int> s = source.layers(), t = target.layers();
    std::vector<int> common;
    for (int l : s)
        if (std::find(t.begin(), t.end(), l) != t.end()) common.push_back(l);
    if (asked.empty()) {
        if (common.empty())
            throw InputError(target.name(), "layer_index",
                             "no layer number in common with " + source.name() +
                                 "; transfer pairs layers by number");
        return common;
    }
    for (int l : asked)
        if (std::find(common.begin(), common.end(), l) == common.end())
            throw ParameterError("layers", "layer " + std::to_string(l) +
                                               " is not in both the source and the target");
    return asked;
}

int positionOf(const ProbeDataset& data, int layer) {
    const std::vector<int> layers = data.layers();
    return static_cast<int>(std::find(layers.begin(), layers.end(), layer) - layers.begin());
}

}  // namespace

TransferResult transferProbes(const ProbeDataset& source, const ProbeDataset& target,
                              const TransferRequest& request, JobContext& job) {
    if (source.items() != target.items())
        throw InputError(target.name(), "N mismatch",
                         std::to_string(source.items()) + " vs " + std::to_string(target.items()) +
                             " rows; transfer needs the same items in both files");
    const std::vector<int> layers = layersToRun(source, target, request.layers);
    TransferResult out;
    out.rank = request.rank;
    out.split = makeSplit(source.labels(), source.split(), source.groups(), request.testFraction,
                          request.seed);
    const ProbeSplit& split = out.split;
    const std::int64_t fits = std::min<std::int64_t>(static_cast<std::int64_t>(split.train.size()),
                                                     std::min(source.width(), target.width()));
    if (request.rank < 1 || request.rank > fits)
        throw ParameterError("rank", std::to_string(request.rank) + " is outside [1, " +
                                         std::to_string(fits) +
                                         "] (the training rows and both widths bound it)");
    const std::vector<std::uint8_t> sTrainY = labelsOf(source.labels(), split.train);
    const std::vector<std::uint8_t> sTestY = labelsOf(source.labels(), split.test);
    const std::vector<std::uint8_t> tTrainY = labelsOf(target.labels(), split.train);
    const std::vector<std::uint8_t> tTestY = labelsOf(target.labels(), split.test);
    std::vector<std::int64_t> everyRow(split.train);
    everyRow.insert(everyRow.end(), split.test.begin(), split.test.end());

    const int r = request.rank;
    job.progress(0, static_cast<std::int64_t>(layers.size()));
    for (std::size_t li = 0; li < layers.size(); ++li) {
        const int ps = positionOf(source, layers[li]), pt = positionOf(target, layers[li]);
        source.checkFinite(ps, everyRow);
        target.checkFinite(pt, everyRow);
        const io::HiddenMatrix ms = source.layer(ps), mt = target.layer(pt);
        const RowView sTrain = rowsOf(ms, split.train), sTest = rowsOf(ms, split.test);
        const RowView tTrain = rowsOf(mt, split.train), tTest = rowsOf(mt, split.test);

        // Both classes' training rows span each subspace (papers.md §4: the subspace must hold
        // the hallucination variance).
        const PcaBasis bs = fitPca(sTrain, r, request.seed), bt = fitPca(tTrain, r, request.seed);
        const int threads = request.logistic.threads;
        const std::vector<double> zsTrain = projectPca(sTrain, bs, threads);
        const std::vector<double> zsTest = projectPca(sTest, bs, threads);
        const std::vector<double> ztTrain = projectPca(tTrain, bt, threads);
        const std::vector<double> ztTest = projectPca(tTest, bt, threads);

        TransferLayer t;
        t.layer = layers[li];
        t.procrustes = orthogonalProcrustes(zsTrain, ztTrain,
                                            static_cast<std::int64_t>(split.train.size()), r);
        const std::vector<double> aligned = rotate(zsTrain, t.procrustes, r);
        const std::vector<double> alignedTest = rotate(zsTest, t.procrustes, r);
        double residual = 0, scale = 0;
        for (std::size_t i = 0; i < aligned.size(); ++i) {
            residual += (aligned[i] - ztTrain[i]) * (aligned[i] - ztTrain[i]);
            scale += ztTrain[i] * ztTrain[i];
        }
        t.alignmentResidual = scale > 0 ? std::sqrt(residual / scale) : 0.0;

        // The source detector in the aligned space, on the target and on its own test rows.
        LogisticProbe probe;
        t.aurocSource =
            probeAuroc(detail::doubleRows(aligned, r), sTrainY, detail::doubleRows(alignedTest, r),
                       sTestY, request.logistic, &probe);
        t.auroc = bothClasses(tTestY) ? auroc(decisionScores(detail::doubleRows(ztTest, r),
                                                             probe.weights, probe.bias, threads),
                                              tTestY)
                                      : kNaN;
        t.aurocDirect = probeAuroc(detail::doubleRows(ztTrain, r), tTrainY,
                                   detail::doubleRows(ztTest, r), tTestY, request.logistic);
        t.aurocUnaligned = source.width() == target.width()
                               ? probeAuroc(sTrain, sTrainY, tTest, tTestY, request.logistic)
                               : kNaN;
        out.layers.push_back(std::move(t));
        job.progress(static_cast<std::int64_t>(li + 1), static_cast<std::int64_t>(layers.size()));
    }
    return out;
}

}  // namespace assay::core::probes
