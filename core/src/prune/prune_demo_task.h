#pragma once
// Internal to the demo model (LibTorch module): the synthetic task the Pruning demo is trained on.
// Plain C++ (no LibTorch), seeded with SplitMix64 so the tokens are the same on every platform.
//
// Five domains, tokens drawn uniformly among them. Every domain has its own "content" subspace
// (a random d×m basis), a tag vector (so the router can tell domains apart) and one rule,
//   label = argmax(P · tanh(A · c))                       (c ~ N(0, I_m), C classes)
// with its own random A [m,m] and P [C,m]. The last domain, "instructions", adds one of R
// instruction codes to the input, and the instruction selects which rule maps the content to the
// label: label = (argmax(P · tanh(A · c)) + instruction) mod C. Its content rule is as hard as
// every other domain's; what it adds is the combination of two parts of the input. That
// combination cannot pass the residual path to the linear head (a linear readout only adds a
// per-instruction offset to the logits, it cannot rotate the classes), so it is computed by the
// experts alone, while the other domains' rules are partly carried by the residual stream. This
// is the principled reason the instruction domain loses more when experts are dropped (README,
// "Pruning view ### Demo"): the demo illustrates the paper's observation, it does not prove it.
#include <cstdint>
#include <string>
#include <vector>

namespace assay::core::prune::demo {

constexpr int kDomains = 5;  // domain A..D + instructions
constexpr int kInstructionDomain = 4;
constexpr int kClasses = 4;       // chance accuracy 1/4
constexpr int kContent = 8;       // m
constexpr int kInstructions = 4;  // R
// Token ids (for EVTC/ETS): domain · 64 + instruction · 16 + the sign pattern of the first four
// content coordinates (a quantised content bucket); instruction is 0 outside the instruction
// domain. Vocabulary size kDomains · 64 = 320, of which 4·16 + 64 = 128 ids occur.
constexpr int kVocabulary = kDomains * 64;

struct TokenSet {
    int tokens = 0;
    std::vector<float> x;             // [T,d]
    std::vector<std::int64_t> label;  // [T]
    std::vector<std::int32_t> domain, tokenId;
};

class Task {
public:
    Task(std::uint64_t seed, int hidden);
    // `tokens` tokens from the stream `stream` (training batch r, the estimation set, ...).
    TokenSet sample(std::uint64_t stream, int tokens) const;
    static std::vector<std::string> domainNames();

private:
    int m_d;
    std::uint64_t m_seed;
    std::vector<double> m_tag, m_code, m_basis, m_a,
        m_p;  // [D,d], [R,d], [D,d,m], [D,m,m], [D,C,m]
};

}  // namespace assay::core::prune::demo
