#include "assay/judge/transfer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"

namespace assay::core::judge {

std::vector<double> meanEmbedding(const std::vector<double>& rows, std::size_t dim) {
    if (dim == 0) throw InputError("embeddings: dimension 0");
    if (rows.empty()) throw InputError("embeddings: no rows");
    if (rows.size() % dim != 0)
        throw InputError("embeddings: " + std::to_string(rows.size()) +
                         " values are not a whole number of rows of dimension " +
                         std::to_string(dim));
    const std::size_t N = rows.size() / dim;
    std::vector<double> mean(dim, 0.0);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < dim; ++j) mean[j] += rows[i * dim + j];
    for (double& v : mean) v /= static_cast<double>(N);
    return mean;
}

double cosine(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        throw InputError("embeddings: dimension " + std::to_string(a.size()) + " vs " +
                         std::to_string(b.size()) + " (they must match)");
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t j = 0; j < a.size(); ++j)
        ab += a[j] * b[j], aa += a[j] * a[j], bb += b[j] * b[j];
    if (!(aa > 0) || !(bb > 0))
        throw InputError("embeddings: a mean embedding is all zeros (its cosine is undefined)");
    return ab / std::sqrt(aa * bb);
}

TransferResult transferPrior(const std::vector<double>& target,
                             const std::vector<SourceFit>& sources, double tau, double s,
                             double kappa) {
    if (!(tau > 0)) throw ParameterError("tau", std::to_string(tau) + " is not > 0");
    if (!(s > 0)) throw ParameterError("s", std::to_string(s) + " is not > 0");
    if (!(kappa > 0)) throw ParameterError("kappa", std::to_string(kappa) + " is not > 0");
    if (sources.empty()) throw InputError("transfer: no source datasets given");
    TransferResult out;
    for (const SourceFit& src : sources) {
        if (src.meanEmbedding.size() != target.size())
            throw InputError("source '" + src.name + "': embedding dimension " +
                             std::to_string(src.meanEmbedding.size()) + ", the target's is " +
                             std::to_string(target.size()));
        try {
            checkParams(src.params);
        } catch (const ParameterError& e) {
            throw InputError("source '" + src.name + "': " + e.what());
        }
        out.similarities.push_back(cosine(target, src.meanEmbedding));
    }
    // Softmax with the largest logit subtracted, so that τ = 0.05 (logits up to 20) cannot
    // overflow.
    const double top = *std::max_element(out.similarities.begin(), out.similarities.end());
    double z = 0;
    for (double c : out.similarities) z += std::exp((c - top) / tau);
    for (double c : out.similarities) out.weights.push_back(std::exp((c - top) / tau) / z);

    Prior& p = out.prior;
    p.muA1 = p.muB1 = p.muA2 = p.muB2 = 0;
    double piMean = 0;
    for (std::size_t k = 0; k < sources.size(); ++k) {
        // Each source ordered the same way (easy first), so that its components line up.
        MixtureParams q = sources[k].params;
        orderComponents(q);
        const double w = out.weights[k];
        p.muA1 += w * std::log(q.a1);
        p.muB1 += w * std::log(q.b1);
        p.muA2 += w * std::log(q.a2);
        p.muB2 += w * std::log(q.b2);
        piMean += w * q.pi;
    }
    p.aPi = 1 + kappa * piMean;
    p.bPi = 1 + kappa * (1 - piMean);
    p.s = s;
    return out;
}

}  // namespace assay::core::judge
