#include "lbfgs.h"

#include <algorithm>
#include <cmath>
#include <deque>

namespace assay::core::probes::detail {
namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

double maxAbs(const std::vector<double>& a) {
    double m = 0;
    for (double v : a) m = std::max(m, std::abs(v));
    return m;
}

struct Pair {
    std::vector<double> s, y;
    double rho;  // 1 / (y·s)
};

// d = −H g by the two-loop recursion, H₀ = γ I with γ = s·y / y·y of the newest pair.
void direction(const std::deque<Pair>& pairs, const std::vector<double>& g,
               std::vector<double>& d) {
    d = g;
    std::vector<double> alpha(pairs.size());
    for (std::size_t i = pairs.size(); i-- > 0;) {
        alpha[i] = pairs[i].rho * dot(pairs[i].s, d);
        for (std::size_t k = 0; k < d.size(); ++k) d[k] -= alpha[i] * pairs[i].y[k];
    }
    const Pair& last = pairs.back();
    const double gamma = 1.0 / (last.rho * dot(last.y, last.y));
    for (double& v : d) v *= gamma;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const double beta = pairs[i].rho * dot(pairs[i].y, d);
        for (std::size_t k = 0; k < d.size(); ++k) d[k] += (alpha[i] - beta) * pairs[i].s[k];
    }
    for (double& v : d) v = -v;
}

}  // namespace

LbfgsResult minimizeLbfgs(std::vector<double>& x, const Objective& f, const LbfgsOptions& options,
                          const std::function<void(int)>& afterIteration) {
    const std::size_t n = x.size();
    const auto gradientSize = [&](const std::vector<double>& g) {
        return options.gradientSize ? options.gradientSize(g) : maxAbs(g);
    };
    LbfgsResult result;
    std::vector<double> g(n), d(n), xNew(n), gNew(n);
    double fx = f(x, g);
    ++result.evaluations;
    result.value = fx;
    if (gradientSize(g) <= options.gtol) {
        result.converged = true;
        return result;
    }
    std::deque<Pair> pairs;
    constexpr double c1 = 1e-4, c2 = 0.9;
    for (int k = 1; k <= options.maxIterations; ++k) {
        double step = 1;
        if (pairs.empty()) {
            d = g;
            for (double& v : d) v = -v;
            step = 1.0 / std::sqrt(dot(d, d));  // SciPy's first step: unit length
        } else {
            direction(pairs, g, d);
        }
        double slope = dot(g, d);
        if (!(slope < 0)) {  // not a descent direction (rounding): restart from steepest descent
            pairs.clear();
            d = g;
            for (double& v : d) v = -v;
            slope = -dot(g, g);
            step = 1.0 / std::sqrt(-slope);
        }
        // Backtracking with a safeguarded quadratic model; on the first iteration the step may
        // also grow while the slope stays steep (the unit-length guess is often far too short).
        double fNew = 0;
        bool accepted = false;
        for (int ls = 0; ls < options.maxLineSearch; ++ls) {
            for (std::size_t i = 0; i < n; ++i) xNew[i] = x[i] + step * d[i];
            fNew = f(xNew, gNew);
            ++result.evaluations;
            if (std::isfinite(fNew) && fNew <= fx + c1 * step * slope) {
                accepted = true;
                if (pairs.empty() && dot(gNew, d) < c2 * slope && ls + 1 < options.maxLineSearch) {
                    // Grow: keep this point, try a longer step; stop growing at the first failure.
                    std::vector<double> xKeep = xNew, gKeep = gNew;
                    double fKeep = fNew;
                    for (; ls + 1 < options.maxLineSearch; ++ls) {
                        const double longer = step * 4;
                        for (std::size_t i = 0; i < n; ++i) xNew[i] = x[i] + longer * d[i];
                        const double fTry = f(xNew, gNew);
                        ++result.evaluations;
                        if (!(std::isfinite(fTry) && fTry <= fx + c1 * longer * slope &&
                              fTry < fKeep))
                            break;
                        step = longer;
                        xKeep = xNew;
                        gKeep = gNew;
                        fKeep = fTry;
                        if (dot(gNew, d) >= c2 * slope) break;
                    }
                    xNew = xKeep;
                    gNew = gKeep;
                    fNew = fKeep;
                }
                break;
            }
            double next = step * 0.5;
            if (std::isfinite(fNew)) {
                const double denom = 2 * (fNew - fx - slope * step);
                if (denom > 0) next = -slope * step * step / denom;
            }
            step = std::clamp(next, 0.1 * step, 0.5 * step);
        }
        if (!accepted) {  // no decrease found: x is as good as this precision allows
            result.iterations = k - 1;
            result.converged = gradientSize(g) <= options.gtol;
            result.value = fx;
            return result;
        }
        Pair p{std::vector<double>(n), std::vector<double>(n), 0};
        for (std::size_t i = 0; i < n; ++i) {
            p.s[i] = xNew[i] - x[i];
            p.y[i] = gNew[i] - g[i];
        }
        const double sy = dot(p.s, p.y);
        if (sy > 1e-300) {
            p.rho = 1.0 / sy;
            pairs.push_back(std::move(p));
            if (static_cast<int>(pairs.size()) > options.memory) pairs.pop_front();
        }
        const double reduction = (fx - fNew) / std::max({std::abs(fx), std::abs(fNew), 1.0});
        x.swap(xNew);
        g.swap(gNew);
        fx = fNew;
        result.iterations = k;
        result.value = fx;
        if (afterIteration) afterIteration(k);
        if (gradientSize(g) <= options.gtol || reduction <= options.ftol) {
            result.converged = true;
            return result;
        }
    }
    return result;
}

}  // namespace assay::core::probes::detail
