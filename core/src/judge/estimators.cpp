// Estimator names, the weak prior, the count histogram and the closed-form estimators; the MAP
// fits are in map_fit.cpp.
#include "assay/judge/estimators.h"

#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "judge_detail.h"

namespace assay::core::judge {

const char* estimatorName(Estimator e) {
    switch (e) {
        case Estimator::Binomial:
            return "binomial";
        case Estimator::Beta:
            return "beta";
        case Estimator::Mixture:
            return "mixture";
        case Estimator::Empirical:
            return "empirical";
    }
    return "?";
}

Estimator estimatorFromName(const std::string& name) {
    for (Estimator e : allEstimators())
        if (name == estimatorName(e)) return e;
    throw ParameterError("estimator",
                         "'" + name + "' is not one of binomial, beta, mixture, empirical");
}

std::vector<Estimator> allEstimators() {
    return {Estimator::Binomial, Estimator::Beta, Estimator::Mixture, Estimator::Empirical};
}

Prior weakPrior() {
    Prior p;
    p.aPi = 2;
    p.bPi = 2;
    p.muA1 = std::log(4.0);
    p.muB1 = 0;
    p.muA2 = 0;
    p.muB2 = 0;
    p.s = 2;
    return p;
}

void checkPrior(const Prior& p) {
    if (!(p.aPi >= 1) || !std::isfinite(p.aPi))
        throw ParameterError("prior a_pi", std::to_string(p.aPi) + " is not a finite number >= 1");
    if (!(p.bPi >= 1) || !std::isfinite(p.bPi))
        throw ParameterError("prior b_pi", std::to_string(p.bPi) + " is not a finite number >= 1");
    if (!(p.s > 0) || !std::isfinite(p.s))
        throw ParameterError("prior s", std::to_string(p.s) + " is not a finite number > 0");
    for (double mu : {p.muA1, p.muB1, p.muA2, p.muB2})
        if (!std::isfinite(mu)) throw ParameterError("prior centre", "is not finite");
}

CountHistogram histogram(const std::vector<int>& counts, int n) {
    if (n < 1) throw ParameterError("n", std::to_string(n) + " judges: needs at least 1");
    if (counts.empty()) throw InputError("counts: no labelled samples (the set is empty)");
    CountHistogram hist;
    hist.n = n;
    hist.h.assign(static_cast<std::size_t>(n) + 1, 0.0);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const int x = counts[i];
        if (x < 0 || x > n)
            throw InputError("counts: sample " + std::to_string(i) +
                             " has x = " + std::to_string(x) +
                             " correct judges, outside [0, n = " + std::to_string(n) + "]");
        hist.h[x] += 1;
    }
    hist.m = static_cast<double>(counts.size());
    return hist;
}

namespace detail {
void checkHistogram(const CountHistogram& hist) {
    if (hist.n < 1) throw ParameterError("n", std::to_string(hist.n) + " judges: needs at least 1");
    if (hist.h.size() != static_cast<std::size_t>(hist.n) + 1)
        throw ParameterError("histogram",
                             "has " + std::to_string(hist.h.size()) +
                                 " bins, expected n + 1 = " + std::to_string(hist.n + 1));
    if (!(hist.m > 0)) throw InputError("counts: no labelled samples (the set is empty)");
}
}  // namespace detail

namespace {
using detail::checkHistogram;

double sumX(const CountHistogram& hist) {
    double s = 0;
    for (int x = 0; x <= hist.n; ++x) s += x * hist.h[x];
    return s;
}
}  // namespace

Fit fitBinomial(const CountHistogram& hist) {
    checkHistogram(hist);
    Fit f;
    f.estimator = Estimator::Binomial;
    f.p = sumX(hist) / (hist.m * hist.n);
    f.pmf = binomialPmf(hist.n, f.p);
    f.accuracy = majorityAccuracy(f.pmf);
    for (int x = 0; x <= hist.n; ++x)
        if (hist.h[x] > 0) f.logPosterior += hist.h[x] * logBinomialPmf(x, hist.n, f.p);
    return f;
}

Fit empiricalMajority(const CountHistogram& hist) {
    checkHistogram(hist);
    Fit f;
    f.estimator = Estimator::Empirical;
    f.p = sumX(hist) / (hist.m * hist.n);
    f.pmf.resize(hist.h.size());
    for (std::size_t x = 0; x < hist.h.size(); ++x) f.pmf[x] = hist.h[x] / hist.m;
    f.accuracy = majorityAccuracy(f.pmf);  // the same tie rule as the model-based estimators
    return f;
}

Fit fit(Estimator e, const CountHistogram& hist, const Prior& prior) {
    switch (e) {
        case Estimator::Binomial:
            return fitBinomial(hist);
        case Estimator::Beta:
            return fitBetaBinomial(hist, prior);
        case Estimator::Mixture:
            return fitMixture(hist, prior);
        case Estimator::Empirical:
            return empiricalMajority(hist);
    }
    throw ParameterError("estimator", "unknown");
}

Fit fit(Estimator e, const std::vector<int>& counts, int n, const Prior& prior) {
    return fit(e, histogram(counts, n), prior);
}

double estimate(Estimator e, const std::vector<int>& counts, int n, const Prior& prior) {
    return fit(e, counts, n, prior).accuracy;
}

}  // namespace assay::core::judge
