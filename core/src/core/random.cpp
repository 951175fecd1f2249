#include "assay/core/random.h"

#include <cmath>

namespace assay::core {

std::uint64_t SplitMix64::next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
    // Reject the few low products that would bias the result.
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const unsigned __int128 m = static_cast<unsigned __int128>(next()) * bound;
        if (static_cast<std::uint64_t>(m) >= threshold) return static_cast<std::uint64_t>(m >> 64);
    }
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double SplitMix64::normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t r) {
    SplitMix64 g(seed ^ (0xD1B54A32D192ED03ULL * (r + 1)));
    return g.next();
}

}  // namespace assay::core
