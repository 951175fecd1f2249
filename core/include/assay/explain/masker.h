#pragma once
// How a coalition z ∈ {0,1}^M of interpretable features becomes model input rows (papers.md
// §7(c)): the value of z is v(z) = Σ_b w_b · f(row_b(z)), over rowsPerMask() rows with weights
// w (sum 1).
//   tabular  row_b(z)_j = z_j ? x_j : background_b,j        (interventional SHAP; rows =
//   |background|) grouped  row(z)_d   = group_d < 0 || z_{group_d} ? x_d : fill_d    (one row:
//   images —
//            each pixel channel belongs to its superpixel, fill = mean colour or hide colour —
//            and text — each word's bag-of-words entries belong to that word, fill = removed)
// coalitionValues() evaluates many masks through batched model calls; exact Shapley,
// KernelSHAP, LIME (text, image) and RBP's pokes all go through it.
#include <cstdint>
#include <memory>
#include <vector>

#include "assay/explain/model.h"
#include "assay/jobs/job_context.h"

namespace assay::core::explain {

class Masker {
public:
    virtual ~Masker() = default;
    virtual int features() const = 0;  // M
    virtual int inputs() const = 0;    // D (the model's)
    virtual std::int64_t rowsPerMask() const = 0;
    // mask: M bytes (0/1); rows: rowsPerMask() × D, written.
    virtual void fill(const std::uint8_t* mask, double* rows) const = 0;
    virtual const std::vector<double>& rowWeights() const = 0;  // rowsPerMask(), sum 1
    virtual const std::vector<double>& instance() const = 0;    // x (D)
};

// x: D; background: B × D; weights: B (empty = uniform). InputError on D mismatch or
// non-finite values.
std::unique_ptr<Masker> tabularMasker(std::vector<double> x, std::vector<double> background,
                                      std::int64_t backgroundRows,
                                      std::vector<double> weights = {});
// groups: D entries, the feature (0..M−1) each input belongs to, −1 = always x; fill: D.
std::unique_ptr<Masker> groupedMasker(std::vector<double> x, std::vector<int> groups, int features,
                                      std::vector<double> fill);

// masks: K × M bytes. Returns v: K × C (all of the model's outputs), v(z) as above. Batches rows
// up to model.preferredBatch(); throws JobCancelled between batches when job is cancelled.
std::vector<double> coalitionValues(const Model& model, const Masker& masker,
                                    const std::vector<std::uint8_t>& masks, JobContext& job);

}  // namespace assay::core::explain
