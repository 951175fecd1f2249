#pragma once
// Judge-count distributions of BetaConform, papers.md §6(c): x = number of the n judges that agree
// with the human label on one sample.
//   Bin(x; n, p)        = C(n,x) p^x (1−p)^(n−x)                   (i.i.d. judges)
//   BB(x; n, α, β)      = C(n,x) B(x+α, n−x+β) / B(α, β)           (per-sample p ~ Beta(α, β))
//   P(x)                = π·BB(x; n, α1, β1) + (1−π)·BB(x; n, α2, β2)
//   A (majority vote)   = Σ_{x > n/2} P(x) + ½·P(n/2) for even n (ties are a coin flip: PROPOSAL)
// Component 1 is the easy one: α1/(α1+β1) ≥ α2/(α2+β2) (orderComponents), which removes the
// label switching of the mixture.
#include <vector>

namespace assay::core::judge {

// Log pmfs, −∞ where the probability is 0. ParameterError for n < 0, x outside [0, n], p outside
// [0, 1], α or β not > 0.
double logBinomialPmf(int x, int n, double p);
double logBetaBinomialPmf(int x, int n, double a, double b);

struct MixtureParams {
    double pi = 0.5;        // weight of component 1 (the easy one)
    double a1 = 1, b1 = 1;  // component 1: p ~ Beta(a1, b1)
    double a2 = 1, b2 = 1;  // component 2: p ~ Beta(a2, b2)
    double mean1() const { return a1 / (a1 + b1); }
    double mean2() const { return a2 / (a2 + b2); }
    // Mean per-judge accuracy π·mean1 + (1−π)·mean2.
    double meanAccuracy() const { return pi * mean1() + (1 - pi) * mean2(); }
};
// Swaps the components (and π ↔ 1−π) when component 2 has the higher mean; the distribution is
// unchanged. Returns whether it swapped.
bool orderComponents(MixtureParams& params);
// ParameterError unless π ∈ [0, 1] and every α, β > 0 and finite.
void checkParams(const MixtureParams& params);

// Full pmfs over x = 0…n (n + 1 values, summing to 1).
std::vector<double> binomialPmf(int n, double p);
std::vector<double> betaBinomialPmf(int n, double a, double b);
std::vector<double> mixturePmf(const MixtureParams& params, int n);

// Majority-vote accuracy of the ensemble from a pmf over x = 0…n (n = pmf.size() − 1).
double majorityAccuracy(const std::vector<double>& pmf);

// Digamma ψ and trigamma ψ' for x > 0 (recurrence up to 10 or 12, then the asymptotic series;
// absolute error < 1e-13), for the M-step's gradient and Newton step.
double digamma(double x);
double trigamma(double x);
// ∂/∂α and ∂/∂β of log BB(x; n, α, β):
//   ψ(x+α) − ψ(n+α+β) − ψ(α) + ψ(α+β)  and  ψ(n−x+β) − ψ(n+α+β) − ψ(β) + ψ(α+β).
struct Gradient2 {
    double da = 0, db = 0;
};
Gradient2 gradLogBetaBinomial(int x, int n, double a, double b);
// ψ'(a+k) − ψ'(a) for an integer k ≥ 0 (the Newton step's curvature terms).
double trigammaRise(double a, int k);

}  // namespace assay::core::judge
