// The Token windows demo's scenes (windows_demo_scenes.h). Sizes are fractions of the side, so
// any side paints the same layout; every random draw comes from the scene's own stream.
#include "windows_demo_scenes.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "assay/core/random.h"

namespace assay::core::tokens::demo {
namespace {

using Colour = std::array<double, 3>;

Colour mix(const Colour& a, const Colour& b, double t) {
    return {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
}
Colour scaled(const Colour& a, double f) { return {a[0] * f, a[1] * f, a[2] * f}; }

class Canvas {
public:
    explicit Canvas(int side)
        : m_side(side),
          m_rgb(static_cast<std::size_t>(side) * side * 3, 0.0),
          m_label(static_cast<std::size_t>(side) * side, 0) {}
    int side() const { return m_side; }

    void set(int x, int y, const Colour& c, SceneContent label) {
        if (x < 0 || y < 0 || x >= m_side || y >= m_side) return;
        const std::size_t i = static_cast<std::size_t>(y) * m_side + x;
        for (int k = 0; k < 3; ++k) m_rgb[i * 3 + k] = c[k];
        m_label[i] = static_cast<std::uint8_t>(label);
    }
    // Alpha blend without changing the label (clouds, shading).
    void blend(int x, int y, const Colour& c, double alpha) {
        if (x < 0 || y < 0 || x >= m_side || y >= m_side) return;
        const std::size_t i = static_cast<std::size_t>(y) * m_side + x;
        for (int k = 0; k < 3; ++k) m_rgb[i * 3 + k] += (c[k] - m_rgb[i * 3 + k]) * alpha;
    }
    // Axis-aligned rectangle [x0, x1) × [y0, y1) with a vertical shade from 1 to `shade`.
    void rect(double x0, double y0, double x1, double y1, const Colour& c, SceneContent label,
              double shade = 1.0) {
        const int ya = static_cast<int>(std::lround(y0)), yb = static_cast<int>(std::lround(y1));
        for (int y = ya; y < yb; ++y)
            for (int x = static_cast<int>(std::lround(x0)); x < std::lround(x1); ++x)
                set(x, y, scaled(c, 1.0 + (shade - 1.0) * (y - ya) / std::max(1, yb - ya)), label);
    }
    // Disc with a diagonal shade (lit from the top left).
    void disc(double cx, double cy, double r, const Colour& c, SceneContent label) {
        for (int y = static_cast<int>(cy - r); y <= static_cast<int>(cy + r); ++y)
            for (int x = static_cast<int>(cx - r); x <= static_cast<int>(cx + r); ++x) {
                const double dx = x - cx, dy = y - cy;
                if (dx * dx + dy * dy > r * r) continue;
                set(x, y, scaled(c, 1.05 - 0.2 * (dx + dy) / (2 * r)), label);
            }
    }
    void triangle(double ax, double ay, double bx, double by, double cx, double cy, const Colour& c,
                  SceneContent label) {
        const int x0 = static_cast<int>(std::min({ax, bx, cx})),
                  x1 = static_cast<int>(std::max({ax, bx, cx}));
        const int y0 = static_cast<int>(std::min({ay, by, cy})),
                  y1 = static_cast<int>(std::max({ay, by, cy}));
        auto edge = [](double px, double py, double qx, double qy, double x, double y) {
            return (qx - px) * (y - py) - (qy - py) * (x - px);
        };
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const double e0 = edge(ax, ay, bx, by, x, y), e1 = edge(bx, by, cx, cy, x, y),
                             e2 = edge(cx, cy, ax, ay, x, y);
                if ((e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0))
                    set(x, y, c, label);
            }
    }

    RgbImage image() const {
        RgbImage img;
        img.width = img.height = m_side;
        img.rgb.resize(m_rgb.size());
        for (std::size_t i = 0; i < m_rgb.size(); ++i)
            img.rgb[i] = static_cast<std::uint8_t>(std::clamp(std::lround(m_rgb[i]), 0L, 255L));
        return img;
    }
    const std::vector<std::uint8_t>& labels() const { return m_label; }

private:
    int m_side;
    std::vector<double> m_rgb;
    std::vector<std::uint8_t> m_label;
};

struct Kind {
    const char* name;
    Colour skyTop, skyBottom, ground, object;
    double grain;  // ground texture amplitude (0..255 units)
};

// Palettes per kind; the objects drawn depend on the kind too (paintObjects).
constexpr std::array<Kind, 6> kKinds = {{
    {"harbour", {70, 120, 190}, {180, 205, 230}, {40, 90, 120}, {200, 70, 50}, 5},
    {"street sign", {90, 140, 200}, {200, 215, 230}, {90, 90, 95}, {30, 110, 60}, 4},
    {"meadow", {60, 130, 210}, {170, 210, 240}, {80, 150, 60}, {120, 80, 40}, 7},
    {"city", {120, 150, 190}, {215, 205, 190}, {110, 105, 100}, {150, 140, 130}, 4},
    {"desert", {80, 150, 220}, {230, 215, 180}, {215, 180, 120}, {90, 130, 60}, 6},
    {"snow field", {100, 130, 170}, {210, 220, 230}, {235, 238, 245}, {60, 90, 60}, 3},
}};

double range(SplitMix64& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform(); }

// A sign: light board, dark border, rows of random 5 × 7 glyphs (each a pseudo-letter).
void paintSign(Canvas& cv, SplitMix64& rng, double x0, double y0, double cols, double rows,
               double cell) {
    const double glyphW = 6 * cell, glyphH = 9 * cell;  // 5 × 7 plus spacing
    const double w = cols * glyphW + 2 * cell, h = rows * glyphH + 2 * cell;
    const Colour board = mix({245, 240, 220}, {250, 220, 90}, rng.uniform() * 0.6);
    const Colour ink = mix({20, 20, 30}, {40, 30, 120}, rng.uniform());
    cv.rect(x0 - cell, y0 - cell, x0 + w + cell, y0 + h + cell, scaled(ink, 1.5),
            SceneContent::Text);
    cv.rect(x0, y0, x0 + w, y0 + h, board, SceneContent::Text);
    // A glyph: two to four of eight strokes on a 5 × 7 cell grid (stems, bars, a diagonal).
    auto on = [](std::uint64_t strokes, int a, int b) {
        return ((strokes & 1u) && b == 0) || ((strokes & 2u) && b == 4) ||
               ((strokes & 4u) && b == 2) || ((strokes & 8u) && a == 0) ||
               ((strokes & 16u) && a == 3) || ((strokes & 32u) && a == 6) ||
               ((strokes & 64u) && std::abs(a * 4 - b * 6) < 4) ||
               ((strokes & 128u) && std::abs(a * 4 - (4 - b) * 6) < 4);
    };
    for (int r = 0; r < static_cast<int>(rows); ++r)
        for (int g = 0; g < static_cast<int>(cols); ++g) {
            std::uint64_t strokes = 0;
            while (__builtin_popcountll(strokes) < 2 + static_cast<int>(rng.below(3)))
                strokes |= 1u << rng.below(8);
            for (int a = 0; a < 7; ++a)
                for (int b = 0; b < 5; ++b) {
                    if (!on(strokes, a, b)) continue;
                    const double gx = x0 + cell + g * glyphW + b * cell;
                    const double gy = y0 + cell + r * glyphH + a * cell;
                    cv.rect(gx, gy, gx + cell, gy + cell, ink, SceneContent::Text);
                }
        }
}

void paintObjects(Canvas& cv, SplitMix64& rng, int kind, const Kind& k, double horizon) {
    const double S = cv.side();
    // The sun (or moon) in the sky for most kinds.
    if (kind != 3 && rng.uniform() < 0.8)
        cv.disc(range(rng, 0.1, 0.9) * S, range(rng, 0.08, 0.25) * S, range(rng, 0.04, 0.07) * S,
                {250, 215, 80}, SceneContent::Object);
    const int count = 2 + static_cast<int>(rng.below(3));
    for (int i = 0; i < count; ++i) {
        const double x = range(rng, 0.05, 0.75) * S, w = range(rng, 0.12, 0.24) * S;
        const double base = horizon + range(rng, 0.02, 0.25) * (S - horizon);
        const Colour c = mix(k.object, {rng.uniform() * 255, rng.uniform() * 255, 128}, 0.35);
        switch (kind) {
            case 0:  // boat: hull and sail
                cv.rect(x, base - 0.05 * S, x + w, base, c, SceneContent::Object, 0.7);
                cv.triangle(x + 0.5 * w, base - 0.05 * S, x + 0.5 * w, base - 0.25 * S, x + w,
                            base - 0.06 * S, {240, 240, 235}, SceneContent::Object);
                break;
            case 2:
            case 5:  // tree: trunk and crown
                cv.rect(x + 0.4 * w, base - 0.15 * S, x + 0.6 * w, base, {100, 70, 40},
                        SceneContent::Object);
                cv.disc(x + 0.5 * w, base - 0.18 * S, 0.55 * w, c, SceneContent::Object);
                break;
            case 3:  // tower with windows
            {
                const double top = range(rng, 0.1, 0.4) * S;
                cv.rect(x, top, x + w, base, c, SceneContent::Object, 0.8);
                for (double wy = top + 0.03 * S; wy < base - 0.04 * S; wy += 0.05 * S)
                    for (double wx = x + 0.02 * S; wx < x + w - 0.03 * S; wx += 0.04 * S)
                        cv.rect(wx, wy, wx + 0.02 * S, wy + 0.025 * S, {60, 70, 90},
                                SceneContent::Object);
                break;
            }
            case 4:  // rock
                cv.disc(x + 0.5 * w, base - 0.3 * w, 0.5 * w, c, SceneContent::Object);
                break;
            default:  // house: body and roof
                cv.rect(x, base - 0.6 * w, x + w, base, c, SceneContent::Object, 0.85);
                cv.triangle(x - 0.1 * w, base - 0.6 * w, x + 1.1 * w, base - 0.6 * w, x + 0.5 * w,
                            base - 1.1 * w, {150, 50, 40}, SceneContent::Object);
                break;
        }
    }
}

}  // namespace

std::vector<SceneContent> patchContent(const std::vector<std::uint8_t>& pixelContent, int side,
                                       int patch) {
    const int g = side / patch;
    std::vector<SceneContent> out(static_cast<std::size_t>(g) * g);
    for (int r = 0; r < g; ++r)
        for (int c = 0; c < g; ++c) {
            std::array<int, 4> count{};
            for (int y = r * patch; y < (r + 1) * patch; ++y)
                for (int x = c * patch; x < (c + 1) * patch; ++x)
                    ++count[pixelContent[static_cast<std::size_t>(y) * side + x]];
            const auto best = std::max_element(count.begin(), count.end()) - count.begin();
            out[static_cast<std::size_t>(r) * g + c] = static_cast<SceneContent>(best);
        }
    return out;
}

GeneratedScene generateScene(std::uint64_t seed, int index, int side, int patch) {
    SplitMix64 rng(streamSeed(streamSeed(seed, 0x5CE7E), static_cast<std::uint64_t>(index)));
    const int kind = index % static_cast<int>(kKinds.size());
    const Kind& k = kKinds[kind];
    Canvas cv(side);
    const double S = side;
    const double horizon = range(rng, 0.4, 0.6) * S;
    const double hill = range(rng, 0.0, 0.06) * S, period = range(rng, 0.5, 1.5) * S,
                 phase = range(rng, 0, 6.28);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double h = horizon + hill * std::sin(2 * M_PI * x / period + phase);
            const double n = (rng.uniform() - 0.5) * 2;  // per-pixel grain
            if (y < h)
                cv.set(x, y, mix(k.skyTop, k.skyBottom, y / h), SceneContent::Sky);
            else
                cv.set(x, y, scaled(k.ground, 1.0 - 0.25 * (y - h) / (S - h)),
                       SceneContent::Ground);
            if (y >= h)
                cv.blend(x, y, n > 0 ? Colour{255, 255, 255} : Colour{0, 0, 0},
                         std::abs(n) * k.grain / 255.0);
        }
    // Soft clouds: white discs blended over the sky, labels unchanged.
    const int clouds = static_cast<int>(rng.below(4));
    for (int i = 0; i < clouds; ++i) {
        const double cx = rng.uniform() * S, cy = range(rng, 0.05, 0.3) * S,
                     r = range(rng, 0.04, 0.09) * S;
        for (int y = static_cast<int>(cy - r); y <= static_cast<int>(cy + r); ++y)
            for (int x = static_cast<int>(cx - 2 * r); x <= static_cast<int>(cx + 2 * r); ++x) {
                const double d = std::hypot((x - cx) / 2, y - cy) / r;
                if (d < 1) cv.blend(x, y, {250, 250, 252}, 0.7 * (1 - d * d));
            }
    }
    paintObjects(cv, rng, kind, k, horizon);
    // Text: the street sign and the city's billboard are big; the others carry a small sign.
    const double cell = std::max(1.0, std::round(S / 168.0));  // 2 px at 336: one glyph ≈ a patch
    const bool big = kind == 1 || kind == 3;
    const double cols = big ? 8 + rng.below(5) : 4 + rng.below(4),
                 rows = big ? 3 + rng.below(2) : 1 + rng.below(2);
    const double w = cols * 6 * cell, h = rows * 9 * cell;
    const double sx = range(rng, 0.05, 0.95) * (S - w - 4 * cell);
    const double sy =
        big ? range(rng, 0.15, 0.45) * S : horizon + range(rng, 0.2, 0.6) * (S - horizon - h);
    if (big)
        cv.rect(sx + 0.5 * w - cell, sy + h, sx + 0.5 * w + cell, S, {80, 80, 85},
                SceneContent::Object);  // the pole
    paintSign(cv, rng, sx, sy, cols, rows, cell);

    GeneratedScene out;
    out.name = k.name;
    out.image = cv.image();
    out.pixelContent = cv.labels();
    out.content = patchContent(out.pixelContent, side, patch);
    return out;
}

}  // namespace assay::core::tokens::demo
