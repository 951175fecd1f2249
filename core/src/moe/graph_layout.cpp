#include "assay/moe/graph_layout.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "assay/core/error.h"

namespace assay::core::moe {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

std::vector<Point> circularLayout(int n) {
    std::vector<Point> p(std::max(0, n));
    for (int i = 0; i < n; ++i) {
        const double a = 2 * kPi * i / n - kPi / 2;
        p[i] = {std::cos(a), std::sin(a)};
    }
    return p;
}

std::vector<Point> groupedLayout(const std::vector<std::int32_t>& groupOf) {
    std::map<std::int32_t, std::vector<int>> members;
    for (int i = 0; i < static_cast<int>(groupOf.size()); ++i) members[groupOf[i]].push_back(i);
    std::vector<Point> p(groupOf.size());
    const int G = static_cast<int>(members.size());
    int g = 0;
    for (const auto& [group, list] : members) {
        const double a = 2 * kPi * g / std::max(1, G) - kPi / 2;
        const Point centre{G > 1 ? std::cos(a) : 0.0, G > 1 ? std::sin(a) : 0.0};
        // The small circles' radius keeps neighbouring groups apart.
        const double r = G > 1 ? 0.8 * std::sin(kPi / G) : 1.0;
        const auto ring = circularLayout(static_cast<int>(list.size()));
        for (std::size_t j = 0; j < list.size(); ++j)
            p[list[j]] = {centre.x + r * ring[j].x * 0.8, centre.y + r * ring[j].y * 0.8};
        ++g;
    }
    return p;
}

namespace {
constexpr int kPublishEvery = 60;
}  // namespace

std::vector<Point> forceLayout(const std::vector<double>& w, int n, int iterations,
                               JobContext& job) {
    if (n < 0 || w.size() != static_cast<std::size_t>(n) * n)
        throw ParameterError("layout", "weights must be n×n");
    std::vector<Point> p = circularLayout(n);
    if (n < 2) return p;
    double maxW = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j) maxW = std::max(maxW, w[i * n + j]);
    const double k = 1.0 / std::sqrt(static_cast<double>(n));  // ideal edge length in a unit area
    std::vector<Point> disp(n);
    for (int it = 0; it < iterations; ++it) {
        if (it % 20 == 0) job.progress(it, iterations);
        // The positions so far, for a view that animates the layout as it settles.
        if (it > 0 && it % kPublishEvery == 0) job.publish(p);
        const double temperature = 0.1 * (1.0 - static_cast<double>(it) / iterations) + 1e-3;
        std::fill(disp.begin(), disp.end(), Point{});
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                double dx = p[i].x - p[j].x, dy = p[i].y - p[j].y;
                double d = std::sqrt(dx * dx + dy * dy);
                if (d < 1e-9) {
                    dx = 1e-3 * (i - j);
                    dy = 1e-3;
                    d = std::hypot(dx, dy);
                }
                const double weight = maxW > 0 ? 0.5 * (w[i * n + j] + w[j * n + i]) / maxW : 0.0;
                // Repulsion k²/d for every pair; attraction d²/k scaled by the link weight.
                const double force = k * k / d - weight * d * d / k;
                const double fx = dx / d * force, fy = dy / d * force;
                disp[i].x += fx;
                disp[i].y += fy;
                disp[j].x -= fx;
                disp[j].y -= fy;
            }
        for (int i = 0; i < n; ++i) {
            const double len = std::hypot(disp[i].x, disp[i].y);
            if (len > 0) {
                const double step = std::min(len, temperature);
                p[i].x += disp[i].x / len * step;
                p[i].y += disp[i].y / len * step;
            }
            // Gentle pull to the centre keeps unconnected nodes in view.
            p[i].x *= 0.995;
            p[i].y *= 0.995;
        }
    }
    // Tight clusters (strongly linked groups) would stack nodes, and their labels, on top of
    // each other: push every pair closer than 0.6 · extent / √n apart (about a label's width
    // once the layout is fitted to a figure), a few passes.
    double minX = p[0].x, maxX = p[0].x, minY = p[0].y, maxY = p[0].y;
    for (const Point& q : p) {
        minX = std::min(minX, q.x);
        maxX = std::max(maxX, q.x);
        minY = std::min(minY, q.y);
        maxY = std::max(maxY, q.y);
    }
    const double minDist =
        0.6 * std::max({maxX - minX, maxY - minY, k}) / std::sqrt(static_cast<double>(n));
    for (int pass = 0; pass < 60; ++pass) {
        bool moved = false;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                double dx = p[j].x - p[i].x, dy = p[j].y - p[i].y;
                double d = std::hypot(dx, dy);
                if (d >= minDist) continue;
                if (d < 1e-12) {
                    dx = 1e-3 * (j - i);
                    dy = 1e-3;
                    d = std::hypot(dx, dy);
                }
                const double push = 0.5 * (minDist - d) / d;
                p[i].x -= dx * push;
                p[i].y -= dy * push;
                p[j].x += dx * push;
                p[j].y += dy * push;
                moved = true;
            }
        if (!moved) break;
    }
    job.progress(iterations, iterations);
    return p;
}

}  // namespace assay::core::moe
