#pragma once
// The four ensemble-accuracy estimators of BetaConform (papers.md §6(c); details PROPOSAL):
//   binomial   i.i.d. judges, p̂ = Σx / (m·n) (maximum likelihood), A = majority of Bin(n, p̂);
//   beta       one Beta-Binomial, MAP in (log α, log β);
//   mixture    two Beta-Binomials, MAP by EM (closed-form π step, Newton step in log-parameters
//              per component, several deterministic restarts, component 1 the easy one);
//   empirical  the share of samples whose majority is right (ties ½).
// Log posterior (up to a constant): Σ_i log P(x_i | θ) + (a_π−1)·log π + (b_π−1)·log(1−π)
//   − Σ_{θ ∈ {α1,β1,α2,β2}} (log θ − μ_θ)² / (2 s²).
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "assay/judge/beta_binomial.h"

namespace assay::core::judge {

enum class Estimator { Binomial, Beta, Mixture, Empirical };
const char* estimatorName(Estimator e);                // "binomial", "beta", "mixture", "empirical"
Estimator estimatorFromName(const std::string& name);  // ParameterError for any other name
std::vector<Estimator> allEstimators();

struct Prior {
    double aPi = 2, bPi = 2;  // π ~ Beta(aPi, bPi); both ≥ 1 so the π step stays inside [0, 1]
    double muA1 = 0, muB1 = 0, muA2 = 0, muB2 = 0;  // centres of log α1, log β1, log α2, log β2
    double s = 2;                                   // log-normal scale, one for all four
};
// papers.md §6(d): Beta(2,2) on π, s = 2. Centres: the easy component at Beta(4,1) (mean 0.8:
// on easy items most judges agree with the label), the hard one at Beta(1,1) (uniform: nothing
// is assumed about how hard items split the judges). With s = 2 a factor of e² ≈ 7 either way is
// one standard deviation, so these only break ties where the data are silent.
Prior weakPrior();
// ParameterError unless aPi, bPi ≥ 1, s > 0 and the centres are finite.
void checkPrior(const Prior& prior);

// Counts as a histogram h[x] (x = 0…n, h real so that a leave-one-out fit can subtract one).
struct CountHistogram {
    int n = 0;
    std::vector<double> h;
    double m = 0;  // Σ h
};
// InputError for empty counts or a count outside [0, n] (naming the sample); ParameterError for
// n < 1.
CountHistogram histogram(const std::vector<int>& counts, int n);

struct Fit {
    Estimator estimator = Estimator::Mixture;
    // mixture: the MAP; beta: π = 1 and both components the fit; binomial, empirical: unused.
    MixtureParams params;
    // Mean per-judge accuracy: the binomial's p̂ (kept here rather than in params, which would
    // misread as Beta shapes); params.meanAccuracy() for beta/mixture; Σx/(m·n) for empirical.
    double p = 0;
    double accuracy = 0;      // majority-vote ensemble accuracy Â
    double logPosterior = 0;  // binomial: log-likelihood; empirical: 0
    int iterations = 0;       // EM iterations of the best restart (beta: Newton steps)
    std::vector<double> pmf;  // fitted P(x), x = 0…n (empirical: the observed frequencies)
};

struct MixtureOptions {
    int maxIterations = 500;
    double tolerance = 1e-6;  // stop when the log posterior rises by less (Â moves < 1e-4)
    // Called at the start (iteration 0) and after every EM iteration of every restart with the
    // log posterior (tests check that it never decreases within a restart).
    std::function<void(int restart, int iteration, double logPosterior)> onIteration;
};

double mixtureLogPosterior(const MixtureParams& params, const CountHistogram& hist,
                           const Prior& prior);
double betaLogPosterior(double a, double b, const CountHistogram& hist, const Prior& prior);

Fit fitBinomial(const CountHistogram& hist);
// The single Beta-Binomial's prior is centred between the two components' centres
// ((μ_α1+μ_α2)/2, (μ_β1+μ_β2)/2: their geometric mean), with the same s.
Fit fitBetaBinomial(const CountHistogram& hist, const Prior& prior);
Fit fitMixture(const CountHistogram& hist, const Prior& prior, const MixtureOptions& options = {});
Fit empiricalMajority(const CountHistogram& hist);
Fit fit(Estimator e, const CountHistogram& hist, const Prior& prior);

// Convenience on raw counts (validated as histogram() does).
Fit fit(Estimator e, const std::vector<int>& counts, int n, const Prior& prior);
double estimate(Estimator e, const std::vector<int>& counts, int n, const Prior& prior);

}  // namespace assay::core::judge
