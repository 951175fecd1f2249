#include "assay/judge/stopping.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "assay/conformal/split_conformal.h"
#include "assay/core/error.h"

namespace assay::core::judge {

const char* stopReasonName(StopReason r) {
    switch (r) {
        case StopReason::Epsilon:
            return "epsilon";
        case StopReason::Budget:
            return "budget";
        case StopReason::Exhausted:
            return "exhausted";
    }
    return "?";
}

const char* radiusName(StoppingOptions::Radius r) {
    return r == StoppingOptions::Radius::Jackknife ? "jackknife" : "loo";
}

StoppingOptions::Radius radiusFromName(const std::string& name) {
    if (name == "jackknife") return StoppingOptions::Radius::Jackknife;
    if (name == "loo") return StoppingOptions::Radius::LeaveOneOut;
    throw ParameterError("radius", "'" + name + "' is not one of jackknife, loo");
}

namespace {

// As the user wrote it: 0.6, not 0.600000.
std::string text(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

void checkOptions(const StoppingOptions& o) {
    if (o.m0 < 2) throw ParameterError("m0", std::to_string(o.m0) + " is below 2");
    if (!(o.epsilon > 0 && o.epsilon <= 1))
        throw ParameterError("epsilon", text(o.epsilon) + " is outside (0, 1]");
    if (!(o.gamma > 0 && o.gamma < 1))
        throw ParameterError("gamma", text(o.gamma) + " is outside (0, 1)");
    if (o.budget < o.m0)
        throw ParameterError("budget",
                             std::to_string(o.budget) + " is below m0 = " + std::to_string(o.m0));
}

// q_m from the histogram of the first m counts. The leave-one-out fit depends only on the value
// x_i removed, so it takes at most n + 1 refits instead of m.
double conformalRadius(const CountHistogram& hist, Estimator estimator, const Prior& prior,
                       double full, double gamma, StoppingOptions::Radius radius) {
    const bool jackknife = radius == StoppingOptions::Radius::Jackknife;
    const double scale = jackknife ? hist.m - 1 : 1.0;
    std::vector<double> residuals;
    residuals.reserve(static_cast<std::size_t>(hist.m));
    for (int x = 0; x <= hist.n; ++x) {
        if (!(hist.h[x] > 0)) continue;
        CountHistogram loo = hist;
        loo.h[x] -= 1;
        loo.m -= 1;
        const double r = scale * std::abs(fit(estimator, loo, prior).accuracy - full);
        residuals.insert(residuals.end(), static_cast<std::size_t>(hist.h[x]), r);
    }
    const double q = conformal::conformalThreshold(std::move(residuals), gamma);
    return jackknife ? q / std::sqrt(hist.m) : q;
}

}  // namespace

StoppingTrace adaptiveStopping(const std::vector<int>& counts, int n, Estimator estimator,
                               const Prior& prior, const StoppingOptions& options,
                               JobContext& job) {
    checkOptions(options);
    (void)histogram(counts, n);  // validates every count and n before any fit
    if (static_cast<int>(counts.size()) < options.m0)
        throw InputError(std::to_string(counts.size()) + " labelled samples, fewer than m0 = " +
                         std::to_string(options.m0) + " (the first number of labels tested)");
    const int last = std::min<int>(options.budget, static_cast<int>(counts.size()));
    CountHistogram hist;
    hist.n = n;
    hist.h.assign(static_cast<std::size_t>(n) + 1, 0.0);
    for (int i = 0; i < options.m0 - 1; ++i) hist.h[counts[i]] += 1;
    hist.m = options.m0 - 1;

    StoppingTrace trace;
    bool stopped = false;
    for (int m = options.m0; m <= last; ++m) {
        job.progress(m - options.m0, last - options.m0 + 1);
        hist.h[counts[m - 1]] += 1;
        hist.m = m;
        StoppingStep step;
        step.m = m;
        step.accuracy = fit(estimator, hist, prior).accuracy;
        step.q =
            conformalRadius(hist, estimator, prior, step.accuracy, options.gamma, options.radius);
        step.lo = std::max(0.0, step.accuracy - step.q);
        step.hi = std::min(1.0, step.accuracy + step.q);
        trace.steps.push_back(step);
        if (!stopped && (step.q <= options.epsilon || m == last)) {
            stopped = true;
            trace.stopIndex = trace.steps.size() - 1;
            trace.stopM = m;
            trace.reason = step.q <= options.epsilon ? StopReason::Epsilon
                           : m == options.budget     ? StopReason::Budget
                                                     : StopReason::Exhausted;
            if (!options.traceToEnd) break;
        }
    }
    job.progress(last - options.m0 + 1, last - options.m0 + 1);
    return trace;
}

}  // namespace assay::core::judge
