#include "assay/moe/placement.h"

#include <algorithm>
#include <numeric>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::moe {
namespace {

// Greedy grouping state: members per group and the room left.
struct Groups {
    Groups(const std::vector<double>& c, int n, int devices)
        : collab(c), n(n), room(groupCapacities(n, devices)), members(devices), device(n, -1) {}

    double affinity(int g, int x) const {
        double a = 0;
        for (int m : members[g]) a += collab[static_cast<std::size_t>(m) * n + x];
        return a;
    }
    void put(int g, int x) {
        members[g].push_back(x);
        --room[g];
        device[x] = g;
    }
    // The group with at least `need` room and the most affinity to xs; -1 if none has room.
    int best(std::initializer_list<int> xs, int need, bool openOnly) const {
        int bestG = -1;
        double bestA = -1;
        for (int g = 0; g < static_cast<int>(room.size()); ++g) {
            if (room[g] < need || (openOnly && members[g].empty())) continue;
            double a = 0;
            for (int x : xs) a += affinity(g, x);
            if (a > bestA) {
                bestA = a;
                bestG = g;
            }
        }
        return bestG;
    }
    int firstEmpty() const {
        for (int g = 0; g < static_cast<int>(room.size()); ++g)
            if (members[g].empty() && room[g] > 0) return g;
        return -1;
    }
    void placePair(int x, int y) {
        if (device[x] >= 0 && device[y] >= 0) return;
        if (device[x] >= 0 || device[y] >= 0) {
            const int g = std::max(device[x], device[y]);
            if (room[g] > 0) put(g, device[x] >= 0 ? y : x);
            return;
        }
        int g = best({x, y}, 2, true);
        if (g < 0 || affinity(g, x) + affinity(g, y) <= 0) {
            const int fresh = firstEmpty();
            g = (fresh >= 0 && room[fresh] >= 2) ? fresh : best({x, y}, 2, false);
        }
        if (g >= 0) {
            put(g, x);
            put(g, y);
        }
    }

    const std::vector<double>& collab;
    int n;
    std::vector<int> room;
    std::vector<std::vector<int>> members;
    std::vector<std::int32_t> device;
};

void checkCollab(const std::vector<double>& collab, int n) {
    if (collab.size() != static_cast<std::size_t>(n) * n)
        throw ParameterError("collaboration",
                             "expected an n x n matrix with n = " + std::to_string(n));
}

}  // namespace

PlacementMethod placementMethodFromName(const std::string& name) {
    if (name == "greedy") return PlacementMethod::Greedy;
    if (name == "contiguous") return PlacementMethod::Contiguous;
    if (name == "random") return PlacementMethod::Random;
    throw ParameterError(
        "placement", "'" + name + "' is not a placement (expected greedy, contiguous or random)");
}

const char* placementMethodName(PlacementMethod method) {
    switch (method) {
        case PlacementMethod::Greedy:
            return "greedy";
        case PlacementMethod::Contiguous:
            return "contiguous";
        case PlacementMethod::Random:
            return "random";
    }
    return "?";
}

std::vector<int> groupCapacities(int n, int devices) {
    if (devices < 1 || devices > n)
        throw ParameterError(
            "devices", std::to_string(devices) + " is outside [1, n = " + std::to_string(n) + "]");
    std::vector<int> cap(devices, n / devices);
    for (int g = 0; g < n % devices; ++g) ++cap[g];
    return cap;
}

Placement greedyPlacement(const std::vector<double>& collab, int n, int devices) {
    checkCollab(collab, n);
    Groups groups(collab, n, devices);
    struct Pair {
        double c;
        int x, y;
    };
    std::vector<Pair> pairs;
    for (int x = 0; x < n; ++x)
        for (int y = x + 1; y < n; ++y) {
            const double c = collab[static_cast<std::size_t>(x) * n + y] +
                             collab[static_cast<std::size_t>(y) * n + x];
            if (c > 0) pairs.push_back({c, x, y});
        }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.c > b.c; });
    for (const Pair& p : pairs) groups.placePair(p.x, p.y);
    // Leftovers by descending collaboration mass (off-diagonal row sum), ties to the lower index.
    std::vector<double> mass(n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j) mass[i] += collab[static_cast<std::size_t>(i) * n + j];
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return mass[a] > mass[b]; });
    for (int x : order)
        if (groups.device[x] < 0) groups.put(groups.best({x}, 1, false), x);
    return {devices, groups.device};
}

Placement contiguousPlacement(int n, int devices) {
    const std::vector<int> cap = groupCapacities(n, devices);
    Placement p{devices, {}};
    for (int g = 0; g < devices; ++g) p.deviceOf.insert(p.deviceOf.end(), cap[g], g);
    return p;
}

Placement randomPlacement(int n, int devices, std::uint64_t seed) {
    Placement p = contiguousPlacement(n, devices);
    SplitMix64 rng(seed);
    for (int i = n - 1; i > 0; --i)  // Fisher-Yates
        std::swap(p.deviceOf[i], p.deviceOf[rng.below(static_cast<std::uint64_t>(i) + 1)]);
    return p;
}

Placement makePlacement(PlacementMethod method, const std::vector<double>& collab, int n,
                        int devices, std::uint64_t seed) {
    switch (method) {
        case PlacementMethod::Greedy:
            return greedyPlacement(collab, n, devices);
        case PlacementMethod::Contiguous:
            return contiguousPlacement(n, devices);
        case PlacementMethod::Random:
            return randomPlacement(n, devices, seed);
    }
    throw ParameterError("placement", "unknown method");
}

void checkPlacement(const Placement& placement, int n) {
    const std::vector<int> cap = groupCapacities(n, placement.devices);
    if (placement.deviceOf.size() != static_cast<std::size_t>(n))
        throw ParameterError("placement", "has " + std::to_string(placement.deviceOf.size()) +
                                              " experts, expected " + std::to_string(n));
    std::vector<int> held(placement.devices, 0);
    for (std::int32_t g : placement.deviceOf) {
        if (g < 0 || g >= placement.devices)
            throw ParameterError("placement", "device " + std::to_string(g) + " is outside [0, G)");
        ++held[g];
    }
    if (held != cap) throw ParameterError("placement", "devices do not hold n/G experts each");
}

double intraGroupShare(const std::vector<double>& collab, int n, const Placement& placement) {
    checkCollab(collab, n);
    double inside = 0, all = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            if (i == j) continue;
            const double c = collab[static_cast<std::size_t>(i) * n + j];
            all += c;
            if (placement.deviceOf[i] == placement.deviceOf[j]) inside += c;
        }
    return all > 0 ? inside / all : 0.0;
}

TopTLists placementTopT(const Placement& placement) {
    const int n = static_cast<int>(placement.deviceOf.size());
    checkPlacement(placement, n);
    if (n % placement.devices != 0)
        throw ParameterError("devices",
                             "placement-consistent C2R needs G to divide n = " + std::to_string(n));
    TopTLists l{n, n / placement.devices - 1, {}};
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (j != i && placement.deviceOf[j] == placement.deviceOf[i]) l.partners.push_back(j);
    return l;
}

DispatchVolume dispatchVolume(const LayerRouting& routing, const Placement& placement,
                              DispatchCounting counting, const CommModel& model) {
    const int G = placement.devices, k = routing.k;
    if (model.hidden < 1 || model.elementBytes < 1 || !(model.bandwidthGBps > 0) ||
        !(model.latencyUs >= 0))
        throw ParameterError("communication model",
                             "needs hidden >= 1, bytes >= 1, bandwidth > 0, latency >= 0");
    std::vector<std::int64_t> sent(G, 0);
    std::vector<char> hit(G);
    for (std::int64_t t = 0; t < routing.tokens; ++t) {
        const int src = static_cast<int>(t % G);
        std::fill(hit.begin(), hit.end(), 0);
        for (int j = 0; j < k; ++j) {
            const int dst = placement.deviceOf.at(routing.topkIdx[t * k + j]);
            if (dst == src || (counting == DispatchCounting::PerDevice && hit[dst])) continue;
            hit[dst] = 1;
            ++sent[src];
        }
    }
    DispatchVolume v;
    const double perCopy = static_cast<double>(model.hidden) * model.elementBytes;
    v.copies = std::accumulate(sent.begin(), sent.end(), std::int64_t{0});
    v.bytes = static_cast<double>(v.copies) * perCopy;
    v.maxDeviceBytes = static_cast<double>(*std::max_element(sent.begin(), sent.end())) * perCopy;
    v.secondsEstimate =
        model.latencyUs * 1e-6 * (G - 1) + v.maxDeviceBytes / (model.bandwidthGBps * 1e9);
    return v;
}

}  // namespace assay::core::moe
