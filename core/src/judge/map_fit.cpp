// MAP fits of the single Beta-Binomial and of the two-component mixture (papers.md §6(c), the
// EM PROPOSAL): E-step responsibilities, closed-form π step, and per component a Newton ascent
// in (u, v) = (log α, log β) with the digamma gradient. Every step is accepted only if it raises
// its part of the EM objective, so the log posterior never decreases (generalised EM).
#include <algorithm>
#include <cmath>
#include <limits>

#include "assay/core/error.h"
#include "assay/judge/estimators.h"
#include "judge_detail.h"

namespace assay::core::judge {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kMaxLog = 20;  // |log α|, |log β| beyond e^20 carry no information for n judges
constexpr double kStepTolerance = 1e-8;
// Newton steps per component per EM iteration: a partial M-step is still an ascent (generalised
// EM), and the next E-step changes the weights anyway.
constexpr int kEmNewtonSteps = 3;

double logNormalPenalty(double u, double mu, double s) {
    return -(u - mu) * (u - mu) / (2 * s * s);
}

// One component's share of the EM objective: Σ_x w_x log BB(x; e^u, e^v) + its log-normal prior.
double componentObjective(const std::vector<double>& w, int n, double u, double v, double muU,
                          double muV, double s) {
    if (std::abs(u) > kMaxLog || std::abs(v) > kMaxLog) return kNegInf;
    const double a = std::exp(u), b = std::exp(v);
    double f = logNormalPenalty(u, muU, s) + logNormalPenalty(v, muV, s);
    for (int x = 0; x <= n; ++x)
        if (w[x] > 0) f += w[x] * logBetaBinomialPmf(x, n, a, b);
    return f;
}

// Newton ascent from (u, v) with Armijo backtracking; falls back to the gradient where the
// Hessian is not negative definite. Returns the number of accepted steps.
int maximiseComponent(const std::vector<double>& w, int n, double& u, double& v, double muU,
                      double muV, double s, int maxSteps) {
    double f = componentObjective(w, n, u, v, muU, muV, s);
    int steps = 0;
    for (int it = 0; it < maxSteps; ++it) {
        const double a = std::exp(u), b = std::exp(v);
        const double tAB = -trigammaRise(a + b, n);  // ψ'(α+β) − ψ'(n+α+β)
        double ga = 0, gb = 0, haa = 0, hbb = 0, hab = 0;
        for (int x = 0; x <= n; ++x) {
            if (!(w[x] > 0)) continue;
            const Gradient2 g = gradLogBetaBinomial(x, n, a, b);
            ga += w[x] * g.da;
            gb += w[x] * g.db;
            haa += w[x] * (trigammaRise(a, x) + tAB);
            hbb += w[x] * (trigammaRise(b, n - x) + tAB);
            hab += w[x] * tAB;
        }
        const double is2 = 1 / (s * s);
        // Chain rule to log-space: ∂/∂u = α ∂/∂α, ∂²/∂u² = α ∂/∂α + α² ∂²/∂α².
        const double gu = a * ga - (u - muU) * is2, gv = b * gb - (v - muV) * is2;
        const double huu = a * ga + a * a * haa - is2, hvv = b * gb + b * b * hbb - is2;
        const double huv = a * b * hab;
        const double det = huu * hvv - huv * huv;
        double du = gu, dv = gv;
        if (huu < 0 && det > 0) {
            du = -(hvv * gu - huv * gv) / det;
            dv = -(-huv * gu + huu * gv) / det;
        }
        const double len = std::hypot(du, dv);
        if (len > 2) du *= 2 / len, dv *= 2 / len;  // at most 2 log units (×7.4) per step
        const double slope = gu * du + gv * dv;
        if (!(slope > 0) || len < 1e-12) break;
        double t = 1;
        bool accepted = false;
        for (; t > 1e-10; t *= 0.5) {
            const double fc = componentObjective(w, n, u + t * du, v + t * dv, muU, muV, s);
            if (fc >= f + 1e-4 * t * slope) {
                u += t * du, v += t * dv, f = fc;
                accepted = true;
                break;
            }
        }
        if (!accepted) break;
        ++steps;
        if (t * len < kStepTolerance) break;
    }
    return steps;
}

double logMix(double pi, double l1, double l2) {
    const double m = std::max(l1, l2);
    return m + std::log(pi * std::exp(l1 - m) + (1 - pi) * std::exp(l2 - m));
}

double piLogPrior(double pi, const Prior& prior) {
    // (a−1)·log π with a = 1 is 0 even at π = 0 (the uniform part contributes nothing).
    double lp = 0;
    if (prior.aPi != 1) lp += (prior.aPi - 1) * std::log(pi);
    if (prior.bPi != 1) lp += (prior.bPi - 1) * std::log1p(-pi);
    return lp;
}

struct Start {
    double pi, a1, b1, a2, b2;
};

// Deterministic restarts: the prior's centre; a split of the data at the majority line; two
// fixed shapes (a sharp easy peak over a flat hard one; two mirrored peaks).
std::vector<Start> starts(const CountHistogram& hist, const Prior& prior) {
    std::vector<Start> out;
    const double piMode =
        prior.aPi + prior.bPi > 2 ? (prior.aPi - 1) / (prior.aPi + prior.bPi - 2) : 0.5;
    out.push_back({std::clamp(piMode, 0.05, 0.95), std::exp(prior.muA1), std::exp(prior.muB1),
                   std::exp(prior.muA2), std::exp(prior.muB2)});
    double mHi = 0, sHi = 0, mLo = 0, sLo = 0;
    for (int x = 0; x <= hist.n; ++x) {
        const double share = static_cast<double>(x) / hist.n;
        if (2 * x > hist.n)
            mHi += hist.h[x], sHi += hist.h[x] * share;
        else
            mLo += hist.h[x], sLo += hist.h[x] * share;
    }
    const double pHi = std::clamp(mHi > 0 ? sHi / mHi : 0.8, 0.05, 0.95);
    const double pLo = std::clamp(mLo > 0 ? sLo / mLo : 0.3, 0.05, 0.95);
    const double piSplit = std::clamp(mHi / hist.m, 0.1, 0.9);
    out.push_back({piSplit, 5 * pHi, 5 * (1 - pHi), 5 * pLo, 5 * (1 - pLo)});
    out.push_back({0.5, 9, 1, 1, 1});
    out.push_back({0.5, 3, 1, 1, 3});
    return out;
}

}  // namespace

double mixtureLogPosterior(const MixtureParams& p, const CountHistogram& hist, const Prior& prior) {
    double lp = piLogPrior(p.pi, prior);
    lp += logNormalPenalty(std::log(p.a1), prior.muA1, prior.s) +
          logNormalPenalty(std::log(p.b1), prior.muB1, prior.s) +
          logNormalPenalty(std::log(p.a2), prior.muA2, prior.s) +
          logNormalPenalty(std::log(p.b2), prior.muB2, prior.s);
    for (int x = 0; x <= hist.n; ++x)
        if (hist.h[x] > 0)
            lp += hist.h[x] * logMix(p.pi, logBetaBinomialPmf(x, hist.n, p.a1, p.b1),
                                     logBetaBinomialPmf(x, hist.n, p.a2, p.b2));
    return lp;
}

double betaLogPosterior(double a, double b, const CountHistogram& hist, const Prior& prior) {
    return componentObjective(hist.h, hist.n, std::log(a), std::log(b),
                              (prior.muA1 + prior.muA2) / 2, (prior.muB1 + prior.muB2) / 2,
                              prior.s);
}

Fit fitBetaBinomial(const CountHistogram& hist, const Prior& prior) {
    detail::checkHistogram(hist);
    checkPrior(prior);
    const double muU = (prior.muA1 + prior.muA2) / 2, muV = (prior.muB1 + prior.muB2) / 2;
    double u = muU, v = muV;
    Fit f;
    f.estimator = Estimator::Beta;
    f.iterations = maximiseComponent(hist.h, hist.n, u, v, muU, muV, prior.s, 100);
    f.params = {1.0, std::exp(u), std::exp(v), std::exp(u), std::exp(v)};
    f.p = f.params.mean1();
    f.pmf = betaBinomialPmf(hist.n, f.params.a1, f.params.b1);
    f.accuracy = majorityAccuracy(f.pmf);
    f.logPosterior = componentObjective(hist.h, hist.n, u, v, muU, muV, prior.s);
    return f;
}

Fit fitMixture(const CountHistogram& hist, const Prior& prior, const MixtureOptions& options) {
    detail::checkHistogram(hist);
    checkPrior(prior);
    const int n = hist.n;
    std::vector<double> w1(n + 1), w2(n + 1);
    Fit best;
    best.logPosterior = kNegInf;
    int restart = 0;
    // One EM run from p; returns its iterations.
    auto em = [&](MixtureParams& p) {
        double lp = mixtureLogPosterior(p, hist, prior);
        double u1 = std::log(p.a1), v1 = std::log(p.b1), u2 = std::log(p.a2), v2 = std::log(p.b2);
        int it = 0;
        if (options.onIteration) options.onIteration(restart, 0, lp);  // the start, for the trace
        while (it < options.maxIterations) {
            double sumR = 0;
            for (int x = 0; x <= n; ++x) {
                const double l1 = std::log(p.pi) + logBetaBinomialPmf(x, n, p.a1, p.b1);
                const double l2 = std::log1p(-p.pi) + logBetaBinomialPmf(x, n, p.a2, p.b2);
                const double r = 1 / (1 + std::exp(l2 - l1));  // π·BB1 / (π·BB1 + (1−π)·BB2)
                w1[x] = hist.h[x] * r;
                w2[x] = hist.h[x] * (1 - r);
                sumR += w1[x];
            }
            p.pi = (sumR + prior.aPi - 1) / (hist.m + prior.aPi + prior.bPi - 2);
            maximiseComponent(w1, n, u1, v1, prior.muA1, prior.muB1, prior.s, kEmNewtonSteps);
            maximiseComponent(w2, n, u2, v2, prior.muA2, prior.muB2, prior.s, kEmNewtonSteps);
            p.a1 = std::exp(u1), p.b1 = std::exp(v1), p.a2 = std::exp(u2), p.b2 = std::exp(v2);
            const double next = mixtureLogPosterior(p, hist, prior);
            ++it;
            if (options.onIteration) options.onIteration(restart, it, next);
            const bool done = next - lp < options.tolerance;
            lp = next;
            if (done) break;
        }
        return it;
    };
    for (const Start& s : starts(hist, prior)) {
        MixtureParams p{s.pi, s.a1, s.b1, s.a2, s.b2};
        int iterations = em(p);
        ++restart;
        // The order constraint (easy first) is part of the model; a run that ended with the
        // components the other way round is swapped and run again, since the prior is not
        // symmetric in the components and the swapped point need not be a maximum.
        if (orderComponents(p)) {
            iterations += em(p);
            ++restart;
            orderComponents(p);
        }
        const double lp = mixtureLogPosterior(p, hist, prior);
        if (lp > best.logPosterior) {
            best.params = p;
            best.logPosterior = lp;
            best.iterations = iterations;
        }
    }
    best.estimator = Estimator::Mixture;
    best.p = best.params.meanAccuracy();
    best.pmf = mixturePmf(best.params, n);
    best.accuracy = majorityAccuracy(best.pmf);
    return best;
}

}  // namespace assay::core::judge
