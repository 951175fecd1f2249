#include "assay/demo/calibration_demo.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::demo {
namespace {

const char* const kDomains[] = {"Biology", "History", "Physics", "Law (shifted)"};
constexpr int kDomainCount = 4;

// One question: option logits, their softmax, and M answers sampled from it.
void simulateQuestion(SplitMix64& rng, bool hard, int k, int m, int gold, double* prob,
                      double* freq) {
    std::vector<double> logit(k);
    for (int o = 0; o < k; ++o) {
        // Easy: the model knows the answer. Hard: near-uniform beliefs, so samples scatter.
        const double mean = (o == gold) ? (hard ? 0.25 : 2.6) : 0.0;
        const double spread = hard ? 0.35 : 0.8;
        logit[o] = mean + spread * rng.normal();
    }
    const double top = *std::max_element(logit.begin(), logit.end());
    double z = 0.0;
    for (int o = 0; o < k; ++o) z += (prob[o] = std::exp(logit[o] - top));
    for (int o = 0; o < k; ++o) {
        prob[o] /= z;
        freq[o] = 0.0;
    }
    for (int s = 0; s < m; ++s) {
        double u = rng.uniform(), acc = 0.0;
        int pick = k - 1;
        for (int o = 0; o < k; ++o) {
            acc += prob[o];
            if (u < acc) {
                pick = o;
                break;
            }
        }
        freq[pick] += 1.0 / m;
    }
}

}  // namespace

int calibrationDemoShiftedGroup() { return kDomainCount - 1; }

conformal::ChoiceData makeCalibrationDemo(const CalibrationDemoSpec& spec) {
    if (spec.itemsPerDomain < 4 || spec.options < 2 || spec.samples < 1)
        throw ParameterError("demo", "needs at least 4 items per domain, 2 options and 1 sample");
    conformal::ChoiceData d;
    const int k = spec.options;
    d.items = static_cast<std::size_t>(spec.itemsPerDomain) * kDomainCount;
    d.options = static_cast<std::size_t>(k);
    d.prob.resize(d.items * d.options);
    d.freq.resize(d.items * d.options);
    d.gold.resize(d.items);
    d.group.resize(d.items);
    for (const char* name : kDomains) d.groupNames.emplace_back(name);
    for (int o = 0; o < k; ++o) d.optionNames.push_back(std::string(1, static_cast<char>('A' + o)));
    for (std::size_t i = 0; i < d.items; ++i) {
        SplitMix64 rng(streamSeed(spec.seed, i));  // item i's stream: reproducible item by item
        const int domain = static_cast<int>(i / static_cast<std::size_t>(spec.itemsPerDomain));
        const double hardShare =
            domain == calibrationDemoShiftedGroup() ? spec.shiftedHardShare : spec.hardShare;
        const bool hard = rng.uniform() < hardShare;
        d.gold[i] = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(k)));
        d.group[i] = domain;
        simulateQuestion(rng, hard, k, spec.samples, d.gold[i], &d.prob[i * d.options],
                         &d.freq[i * d.options]);
    }
    return d;
}

}  // namespace assay::core::demo
