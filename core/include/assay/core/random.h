#pragma once
// The one random generator of Assay: SplitMix64 is tiny, fast and gives the same stream on every
// platform and standard library (std distributions do not), so seeds reproduce everywhere.
#include <cstdint>

namespace assay::core {

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    // Uniform in [0, bound), bound > 0, without modulo bias (Lemire's multiply-shift).
    std::uint64_t below(std::uint64_t bound);
    double uniform();  // [0, 1), 53 random bits
    double normal();   // standard normal (Box–Muller, one value per call)

private:
    std::uint64_t m_state;
};

// An independent stream for sub-task r of a seeded computation (split r, item r, ...), so results
// do not depend on how the work is divided between threads.
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t r);

}  // namespace assay::core
