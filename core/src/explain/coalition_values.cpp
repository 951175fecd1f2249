// coalitionValues (masker.h): masks → model rows → weighted values, in batches of about
// model.preferredBatch() rows. Batches run in waves of one batch per worker (parallelFor); each
// mask's value depends only on its own rows and the fixed batch it falls in, so the result is
// the same for any number of threads. Cancellation is checked between waves.
#include <algorithm>
#include <string>

#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "assay/explain/masker.h"

namespace assay::core::explain {
namespace {

// Workers per wave: as many as core allows (parallelWorkers caps at computeThreads()).
constexpr int kMaxWorkers = 256;

struct BatchPlan {
    std::int64_t masks = 0;     // K
    std::int64_t perBatch = 1;  // masks per model call
    std::int64_t batches() const { return (masks + perBatch - 1) / perBatch; }
};

// Values of masks [k0, k1) into v (K × C), with one scratch pair per call.
void runBatch(const Model& model, const Masker& masker, const std::uint8_t* masks, std::int64_t k0,
              std::int64_t k1, double* v) {
    const int M = masker.features(), D = masker.inputs(), C = model.outputs();
    const std::int64_t R = masker.rowsPerMask();
    const std::vector<double>& w = masker.rowWeights();
    std::vector<double> rows(static_cast<std::size_t>((k1 - k0) * R * D));
    for (std::int64_t k = k0; k < k1; ++k)
        masker.fill(masks + k * M, rows.data() + (k - k0) * R * D);
    std::vector<double> out(static_cast<std::size_t>((k1 - k0) * R * C));
    model.evaluate(rows.data(), (k1 - k0) * R, out.data());
    for (std::int64_t k = k0; k < k1; ++k) {
        const double* o = out.data() + (k - k0) * R * C;
        for (int c = 0; c < C; ++c) {
            double s = 0;
            for (std::int64_t b = 0; b < R; ++b) s += w[static_cast<std::size_t>(b)] * o[b * C + c];
            v[k * C + c] = s;
        }
    }
}

}  // namespace

std::vector<double> coalitionValues(const Model& model, const Masker& masker,
                                    const std::vector<std::uint8_t>& masks, JobContext& job) {
    const int M = masker.features();
    if (model.inputs() != masker.inputs())
        throw InputError("model", "inputs",
                         model.describe() + " takes " + std::to_string(model.inputs()) +
                             " inputs, the data has " + std::to_string(masker.inputs()));
    if (masks.size() % static_cast<std::size_t>(M) != 0)
        throw ParameterError("masks",
                             std::to_string(masks.size()) +
                                 " bytes, expected a multiple of M = " + std::to_string(M));
    BatchPlan plan;
    plan.masks = static_cast<std::int64_t>(masks.size()) / M;
    plan.perBatch = std::max<std::int64_t>(1, model.preferredBatch() / masker.rowsPerMask());
    const int C = model.outputs();
    std::vector<double> v(static_cast<std::size_t>(plan.masks * C));
    const std::int64_t batches = plan.batches();
    const int workers = std::max(1, parallelWorkers(batches, kMaxWorkers));
    for (std::int64_t b0 = 0; b0 < batches; b0 += workers) {
        job.throwIfCancelled();
        const std::int64_t b1 = std::min(batches, b0 + workers);
        parallelFor(b0, b1, workers, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t b = begin; b < end; ++b) {
                const std::int64_t k0 = b * plan.perBatch;
                const std::int64_t k1 = std::min(plan.masks, k0 + plan.perBatch);
                runBatch(model, masker, masks.data(), k0, k1, v.data());
            }
        });
    }
    job.throwIfCancelled();
    return v;
}

}  // namespace assay::core::explain
