#include "radix_sort.h"

#include <array>
#include <cstring>

namespace assay::core::conformal::detail {
namespace {

constexpr int kBits = 11;
constexpr int kBuckets = 1 << kBits;
constexpr int kPasses = (64 + kBits - 1) / kBits;

// Maps a double to an unsigned key with the same order (negatives reversed, sign flipped).
inline std::uint64_t orderedKey(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    if (v == 0.0) bits = 0;  // -0.0 and +0.0 compare equal: give them one key
    return (bits & 0x8000000000000000ULL) ? ~bits : bits ^ 0x8000000000000000ULL;
}

template <class Payload>
void radixSort(std::vector<std::uint64_t>& keys, std::vector<Payload>& payload) {
    const std::size_t n = keys.size();
    std::vector<std::array<std::uint32_t, kBuckets>> hist(kPasses);
    for (auto& h : hist) h.fill(0);
    for (std::uint64_t k : keys)
        for (int p = 0; p < kPasses; ++p) ++hist[p][(k >> (p * kBits)) & (kBuckets - 1)];
    std::vector<std::uint64_t> keys2(n);
    std::vector<Payload> payload2(n);
    for (int p = 0; p < kPasses; ++p) {
        auto& h = hist[p];
        bool trivial = false;
        for (std::uint32_t c : h)
            if (c == n) {
                trivial = true;
                break;
            }
        if (trivial) continue;
        std::uint32_t sum = 0;
        for (auto& c : h) {
            const std::uint32_t t = c;
            c = sum;
            sum += t;
        }
        const int shift = p * kBits;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t dst = h[(keys[i] >> shift) & (kBuckets - 1)]++;
            keys2[dst] = keys[i];
            payload2[dst] = payload[i];
        }
        keys.swap(keys2);
        payload.swap(payload2);
    }
}

}  // namespace

std::vector<std::uint32_t> argsortDoubles(const double* values, std::size_t n) {
    std::vector<std::uint64_t> keys(n);
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) {
        keys[i] = orderedKey(values[i]);
        order[i] = static_cast<std::uint32_t>(i);
    }
    radixSort(keys, order);
    return order;
}

std::vector<double> sortedDoubles(const double* values, std::size_t n) {
    std::vector<std::uint64_t> keys(n);
    std::vector<double> out(values, values + n);
    for (std::size_t i = 0; i < n; ++i) keys[i] = orderedKey(values[i]);
    radixSort(keys, out);
    return out;
}

}  // namespace assay::core::conformal::detail
