// The Pruning demo's synthetic task (prune_demo_task.h).
#include "prune_demo_task.h"

#include <cmath>

#include "assay/core/random.h"

namespace assay::core::prune::demo {
namespace {

// Random vectors of a fixed norm: tags and instruction codes as strong as the content.
void fillUnit(SplitMix64& rng, double* v, int d, double norm) {
    double s = 0;
    for (int i = 0; i < d; ++i) {
        v[i] = rng.normal();
        s += v[i] * v[i];
    }
    for (int i = 0; i < d; ++i) v[i] *= norm / std::sqrt(s);
}

constexpr double kTagNorm = 2.0;
constexpr double kRuleGain = 1.5;  // A's scale: tanh in its non-linear range, not saturated

}  // namespace

Task::Task(std::uint64_t seed, int hidden) : m_d(hidden), m_seed(seed) {
    SplitMix64 rng(streamSeed(seed, 0x7A5C));
    const int d = hidden, m = kContent;
    m_tag.resize(static_cast<std::size_t>(kDomains) * d);
    m_code.resize(static_cast<std::size_t>(kInstructions) * d);
    m_basis.resize(static_cast<std::size_t>(kDomains) * d * m);
    m_a.resize(static_cast<std::size_t>(kDomains) * m * m);
    m_p.resize(static_cast<std::size_t>(kDomains) * kClasses * m);
    for (int j = 0; j < kDomains; ++j)
        fillUnit(rng, &m_tag[static_cast<std::size_t>(j) * d], d, kTagNorm);
    for (int r = 0; r < kInstructions; ++r)
        fillUnit(rng, &m_code[static_cast<std::size_t>(r) * d], d, kTagNorm);
    for (double& b : m_basis) b = rng.normal() / std::sqrt(static_cast<double>(d));
    for (double& a : m_a) a = rng.normal() * kRuleGain / std::sqrt(static_cast<double>(m));
    for (double& p : m_p) p = rng.normal() / std::sqrt(static_cast<double>(m));
}

TokenSet Task::sample(std::uint64_t stream, int tokens) const {
    SplitMix64 rng(streamSeed(m_seed, stream));
    const int d = m_d, m = kContent;
    TokenSet s;
    s.tokens = tokens;
    s.x.assign(static_cast<std::size_t>(tokens) * d, 0.0f);
    s.label.resize(static_cast<std::size_t>(tokens));
    s.domain.resize(static_cast<std::size_t>(tokens));
    s.tokenId.resize(static_cast<std::size_t>(tokens));
    double c[kContent], z[kContent];
    for (int t = 0; t < tokens; ++t) {
        const int dom = static_cast<int>(rng.below(kDomains));
        const int ins = static_cast<int>(rng.below(kInstructions));  // drawn always: one stream
        for (int i = 0; i < m; ++i) c[i] = rng.normal();
        const bool instr = dom == kInstructionDomain;
        const double* tag = &m_tag[static_cast<std::size_t>(dom) * d];
        const double* code = &m_code[static_cast<std::size_t>(ins) * d];
        const double* basis = &m_basis[static_cast<std::size_t>(dom) * d * m];
        float* x = &s.x[static_cast<std::size_t>(t) * d];
        for (int i = 0; i < d; ++i) {
            double v = tag[i] + (instr ? code[i] : 0.0);
            for (int j = 0; j < m; ++j) v += basis[i * m + j] * c[j];
            x[i] = static_cast<float>(v);
        }
        const double* a = &m_a[static_cast<std::size_t>(dom) * m * m];
        const double* p = &m_p[static_cast<std::size_t>(dom) * kClasses * m];
        for (int i = 0; i < m; ++i) {
            double v = 0;
            for (int j = 0; j < m; ++j) v += a[i * m + j] * c[j];
            z[i] = std::tanh(v);
        }
        int best = 0;
        double bestScore = -1e300;
        for (int q = 0; q < kClasses; ++q) {
            double v = 0;
            for (int j = 0; j < m; ++j) v += p[q * m + j] * z[j];
            if (v > bestScore) bestScore = v, best = q;
        }
        s.label[t] = instr ? (best + ins) % kClasses : best;
        s.domain[t] = dom;
        int bucket = 0;
        for (int i = 0; i < 4; ++i) bucket |= (c[i] > 0 ? 1 : 0) << i;
        s.tokenId[t] = dom * 64 + (instr ? ins : 0) * 16 + bucket;
    }
    return s;
}

std::vector<std::string> Task::domainNames() {
    return {"domain A", "domain B", "domain C", "domain D", "instructions"};
}

}  // namespace assay::core::prune::demo
