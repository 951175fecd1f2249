#include "assay/judge/beta_binomial.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "assay/core/error.h"

namespace assay::core::judge {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

void checkCount(int x, int n) {
    if (n < 0) throw ParameterError("n", std::to_string(n) + " is negative");
    if (x < 0 || x > n)
        throw ParameterError("x",
                             std::to_string(x) + " is outside [0, n = " + std::to_string(n) + "]");
}

void checkShape(double v, const char* name) {
    if (!(v > 0) || !std::isfinite(v))
        throw ParameterError(name, std::to_string(v) + " is not a finite number > 0");
}

// log k! from a table for small k: the EM evaluates these pmfs millions of times.
double logFactorial(int k) {
    static const std::vector<double> table = [] {
        std::vector<double> t(129);
        for (int i = 0; i < 129; ++i) t[i] = std::lgamma(i + 1.0);
        return t;
    }();
    return k < 129 ? table[k] : std::lgamma(k + 1.0);
}

double logChoose(int n, int x) { return logFactorial(n) - logFactorial(x) - logFactorial(n - x); }

// log Γ(a+k) − log Γ(a) for an integer k ≥ 0. For the few judges of an ensemble the sum of logs
// is exact even when a is huge (where the lgamma difference loses ~log10(a) digits, which the
// Beta-Binomial → Binomial limit exposes); for large k the lgamma difference is cheaper.
double logRising(double a, int k) {
    if (k > 32) return std::lgamma(a + k) - std::lgamma(a);
    double s = 0;
    for (int j = 0; j < k; ++j) s += std::log(a + j);
    return s;
}

}  // namespace

double logBinomialPmf(int x, int n, double p) {
    checkCount(x, n);
    if (!(p >= 0 && p <= 1)) throw ParameterError("p", std::to_string(p) + " is outside [0, 1]");
    // The edges by hand: 0·log 0 is 0 here, and log of an impossible outcome is −∞.
    if (p == 0) return x == 0 ? 0.0 : kNegInf;
    if (p == 1) return x == n ? 0.0 : kNegInf;
    return logChoose(n, x) + x * std::log(p) + (n - x) * std::log1p(-p);
}

double logBetaBinomialPmf(int x, int n, double a, double b) {
    checkCount(x, n);
    checkShape(a, "alpha");
    checkShape(b, "beta");
    // B(x+α, n−x+β)/B(α, β) = Γ(x+α)Γ(n−x+β)Γ(α+β) / (Γ(α)Γ(β)Γ(n+α+β)): three rising factorials.
    return logChoose(n, x) + logRising(a, x) + logRising(b, n - x) - logRising(a + b, n);
}

bool orderComponents(MixtureParams& p) {
    if (p.mean1() >= p.mean2()) return false;
    std::swap(p.a1, p.a2);
    std::swap(p.b1, p.b2);
    p.pi = 1 - p.pi;
    return true;
}

void checkParams(const MixtureParams& p) {
    if (!(p.pi >= 0 && p.pi <= 1))
        throw ParameterError("pi", std::to_string(p.pi) + " is outside [0, 1]");
    checkShape(p.a1, "alpha1");
    checkShape(p.b1, "beta1");
    checkShape(p.a2, "alpha2");
    checkShape(p.b2, "beta2");
}

std::vector<double> binomialPmf(int n, double p) {
    std::vector<double> pmf(static_cast<std::size_t>(n) + 1);
    for (int x = 0; x <= n; ++x) pmf[x] = std::exp(logBinomialPmf(x, n, p));
    return pmf;
}

std::vector<double> betaBinomialPmf(int n, double a, double b) {
    std::vector<double> pmf(static_cast<std::size_t>(n) + 1);
    for (int x = 0; x <= n; ++x) pmf[x] = std::exp(logBetaBinomialPmf(x, n, a, b));
    return pmf;
}

std::vector<double> mixturePmf(const MixtureParams& params, int n) {
    checkParams(params);
    const auto p1 = betaBinomialPmf(n, params.a1, params.b1);
    const auto p2 = betaBinomialPmf(n, params.a2, params.b2);
    std::vector<double> pmf(p1.size());
    for (std::size_t x = 0; x < pmf.size(); ++x)
        pmf[x] = params.pi * p1[x] + (1 - params.pi) * p2[x];
    return pmf;
}

double majorityAccuracy(const std::vector<double>& pmf) {
    if (pmf.empty()) throw ParameterError("pmf", "is empty (needs n + 1 values)");
    const int n = static_cast<int>(pmf.size()) - 1;
    double acc = 0;
    for (int x = 0; x <= n; ++x) {
        if (2 * x > n) acc += pmf[x];
        if (2 * x == n) acc += 0.5 * pmf[x];  // a tie: the vote is a coin flip
    }
    return acc;
}

double digamma(double x) {
    checkShape(x, "digamma argument");
    double r = 0;
    for (; x < 10; x += 1) r -= 1 / x;  // ψ(x) = ψ(x+1) − 1/x; the series is exact to 1e-14 from 10
    const double f = 1 / (x * x);
    return r + std::log(x) - 0.5 / x -
           f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

double trigamma(double x) {
    checkShape(x, "trigamma argument");
    double r = 0;
    for (; x < 12; x += 1) r += 1 / (x * x);  // ψ'(x) = ψ'(x+1) + 1/x²; the series to 1e-13 from 12
    const double f = 1 / (x * x);
    return r + 1 / x + f / 2 + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
}

namespace {
// ψ(a+k) − ψ(a) = Σ_{j<k} 1/(a+j) and ψ'(a+k) − ψ'(a) = −Σ_{j<k} 1/(a+j)²: for the few judges of
// an ensemble these sums are cheaper than four digammas and exact (no cancellation for large a).
double digammaRise(double a, int k) {
    if (k > 32) return digamma(a + k) - digamma(a);
    double s = 0;
    for (int j = 0; j < k; ++j) s += 1 / (a + j);
    return s;
}
}  // namespace

double trigammaRise(double a, int k) {
    if (k > 32) return trigamma(a + k) - trigamma(a);
    double s = 0;
    for (int j = 0; j < k; ++j) s -= 1 / ((a + j) * (a + j));
    return s;
}

Gradient2 gradLogBetaBinomial(int x, int n, double a, double b) {
    checkCount(x, n);
    checkShape(a, "alpha");
    checkShape(b, "beta");
    const double common = -digammaRise(a + b, n);  // ψ(α+β) − ψ(n+α+β)
    return {digammaRise(a, x) + common, digammaRise(b, n - x) + common};
}

}  // namespace assay::core::judge
