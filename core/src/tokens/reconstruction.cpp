// Reconstruction of a token reduction back to the patch grid, the per-patch error, and WiCo+
// upsampling (reconstruction.h). Plain loops: the grids are small (576 patches) and these run
// once per image and method; products in fp32 or double, sums in double.
#include "assay/tokens/reconstruction.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "assay/core/error.h"

namespace assay::core::tokens {
namespace {

// Bilinear sampling positions along one axis, as torch.nn.functional.interpolate(mode="bilinear",
// align_corners=false): source x = (j + 0.5)·in/out − 0.5, negative clamped to 0, upper
// neighbour clamped to the last index.
struct Tap {
    int lo = 0, hi = 0;
    double w = 0;  // weight of hi
};

std::vector<Tap> halfPixelTaps(int in, int out) {
    std::vector<Tap> taps(static_cast<std::size_t>(out));
    const double scale = double(in) / double(out);
    for (int j = 0; j < out; ++j) {
        const double x = std::max(0.0, (j + 0.5) * scale - 0.5);
        Tap& t = taps[std::size_t(j)];
        t.lo = std::min(int(std::floor(x)), in - 1);
        t.hi = std::min(t.lo + 1, in - 1);
        t.w = x - t.lo;
    }
    return taps;
}

// align_corners = true: x = j·(in − 1)/(out − 1), computed from the integer numerator so that
// integer positions (the end points, every position when in = out) are exact.
std::vector<Tap> cornerTaps(int in, int out) {
    std::vector<Tap> taps(static_cast<std::size_t>(out));
    for (int j = 0; j < out; ++j) {
        Tap& t = taps[std::size_t(j)];
        if (in == 1 || out == 1) continue;  // every output is the first input
        const std::int64_t num = std::int64_t(j) * (in - 1);
        t.lo = int(num / (out - 1));
        t.w = double(num % (out - 1)) / double(out - 1);
        t.hi = std::min(t.lo + 1, in - 1);
    }
    return taps;
}

// out[r, c] = Σ of the four taps; a zero weight leaves the value exactly (no 0·x added).
void bilinear(const float* src, GridSize from, int channels, GridSize to,
              const std::vector<Tap>& rowTaps, const std::vector<Tap>& colTaps, float* dst) {
    for (int r = 0; r < to.rows; ++r) {
        const Tap& tr = rowTaps[std::size_t(r)];
        for (int c = 0; c < to.cols; ++c) {
            const Tap& tc = colTaps[std::size_t(c)];
            const float* a = src + (std::int64_t(tr.lo) * from.cols + tc.lo) * channels;
            const float* b = src + (std::int64_t(tr.lo) * from.cols + tc.hi) * channels;
            const float* e = src + (std::int64_t(tr.hi) * from.cols + tc.lo) * channels;
            const float* f = src + (std::int64_t(tr.hi) * from.cols + tc.hi) * channels;
            float* o = dst + (std::int64_t(r) * to.cols + c) * channels;
            const double wr = tr.w, wc = tc.w;
            for (int k = 0; k < channels; ++k) {
                if (wr == 0 && wc == 0) {
                    o[k] = a[k];
                    continue;
                }
                const double top = (1 - wc) * a[k] + wc * b[k];
                const double bottom = (1 - wc) * e[k] + wc * f[k];
                o[k] = float((1 - wr) * top + wr * bottom);
            }
        }
    }
}

void copyToken(const TokenReduction& red, int token, int dim, float* out) {
    const float* t = red.tokens.data() + std::int64_t(token) * red.tokenDim;
    std::copy(t, t + dim, out);
}

// Window and consecutive concatenation: member j of a token (ascending patch order, i.e. window
// offset (a, b) at j = a·κ + b) is channel-major in the token, element c·k + j.
void unconcatenate(const TokenReduction& red, int dim, float* out) {
    for (int m = 0; m < red.tokenCount; ++m) {
        const std::vector<int>& members = red.members[std::size_t(m)];
        const int k = int(members.size());
        const float* t = red.tokens.data() + std::int64_t(m) * red.tokenDim;
        for (int j = 0; j < k; ++j) {
            float* o = out + std::int64_t(members[std::size_t(j)]) * dim;
            for (int c = 0; c < dim; ++c) o[c] = t[std::int64_t(c) * k + j];
        }
    }
}

// A dropped patch takes the kept token nearest on the grid (ties: the lower token index).
void nearestKept(const TokenReduction& red, int dim, float* out) {
    std::vector<int> keptPatch(std::size_t(red.tokenCount), -1);
    for (std::int64_t p = 0; p < red.in.patches(); ++p)
        if (red.source[std::size_t(p)] >= 0)
            keptPatch[std::size_t(red.source[std::size_t(p)])] = int(p);
    const int W = red.in.cols;
    for (std::int64_t p = 0; p < red.in.patches(); ++p) {
        int best = red.source[std::size_t(p)];
        if (best < 0) {
            std::int64_t bestD = std::numeric_limits<std::int64_t>::max();
            const int r = int(p / W), c = int(p % W);
            for (int m = 0; m < red.tokenCount; ++m) {
                const int q = keptPatch[std::size_t(m)];
                if (q < 0) continue;
                const std::int64_t dr = q / W - r, dc = q % W - c;
                const std::int64_t d = dr * dr + dc * dc;
                if (d < bestD) bestD = d, best = m;
            }
        }
        if (best >= 0) copyToken(red, best, dim, out + p * dim);
    }
}

}  // namespace

const char* upsamplingName(Upsampling u) {
    return u == Upsampling::Nearest ? "nearest" : "bilinear";
}

Upsampling upsamplingFromName(const std::string& name) {
    if (name == "nearest") return Upsampling::Nearest;
    if (name == "bilinear") return Upsampling::Bilinear;
    throw ParameterError("upsampling", "'" + name + "' is not one of nearest, bilinear");
}

const char* wicoPlusModeName(WicoPlusMode m) {
    return m == WicoPlusMode::Linear1d ? "linear1d" : "bilinear2d";
}

WicoPlusMode wicoPlusModeFromName(const std::string& name) {
    if (name == "linear1d") return WicoPlusMode::Linear1d;
    if (name == "bilinear2d") return WicoPlusMode::Bilinear2d;
    throw ParameterError("wico-plus", "'" + name + "' is not one of linear1d, bilinear2d");
}

std::vector<float> reconstructGrid(const TokenReduction& red, int dim, Upsampling mode) {
    const std::int64_t patches = red.in.patches();
    std::vector<float> out(std::size_t(patches * dim), 0.0f);
    switch (red.method) {
        case ReductionMethod::Wico:
        case ReductionMethod::Concat1d:
            unconcatenate(red, dim, out.data());
            break;
        case ReductionMethod::Pool:
            if (mode == Upsampling::Bilinear) {
                bilinear(red.tokens.data(), red.out, dim, red.in,
                         halfPixelTaps(red.out.rows, red.in.rows),
                         halfPixelTaps(red.out.cols, red.in.cols), out.data());
                break;
            }
            [[fallthrough]];
        case ReductionMethod::Tome:
            for (std::int64_t p = 0; p < patches; ++p)
                if (red.source[std::size_t(p)] >= 0)
                    copyToken(red, red.source[std::size_t(p)], dim, out.data() + p * dim);
            break;
        case ReductionMethod::Cls:
            nearestKept(red, dim, out.data());
            break;
    }
    return out;
}

std::vector<double> patchError(const float* features, const float* reconstructed, int dim,
                               std::int64_t patches) {
    std::vector<double> error(static_cast<std::size_t>(patches));
    for (std::int64_t p = 0; p < patches; ++p) {
        const float* v = features + p * dim;
        const float* r = reconstructed + p * dim;
        double diff = 0, norm = 0;
        for (int c = 0; c < dim; ++c) {
            const double d = double(r[c]) - double(v[c]);
            diff += d * d;
            norm += double(v[c]) * double(v[c]);
        }
        // A zero patch reconstructed as zero lost nothing; reconstructed as anything else, the
        // relative error is undefined and reads as total loss (1), not as infinity.
        error[std::size_t(p)] = norm > 0 ? diff / norm : (diff > 0 ? 1.0 : 0.0);
    }
    return error;
}

std::vector<float> upsampleTokens1d(const float* tokens, int ns, int channels, int nt) {
    if (ns < 1 || nt < 1 || channels < 1)
        throw ParameterError("upsampling", "token counts and channels must be at least 1");
    std::vector<float> out(static_cast<std::size_t>(std::int64_t(nt) * channels));
    bilinear(tokens, {1, ns}, channels, {1, nt}, cornerTaps(1, 1), cornerTaps(ns, nt), out.data());
    return out;
}

std::vector<float> upsampleTokens2d(const float* tokens, GridSize from, int channels, GridSize to) {
    if (from.rows < 1 || from.cols < 1 || to.rows < 1 || to.cols < 1 || channels < 1)
        throw ParameterError("upsampling", "grid sides and channels must be at least 1");
    std::vector<float> out(static_cast<std::size_t>(to.patches() * channels));
    bilinear(tokens, from, channels, to, cornerTaps(from.rows, to.rows),
             cornerTaps(from.cols, to.cols), out.data());
    return out;
}

std::vector<double> wicoPlusCosine(const float* features, GridSize grid, int dim, GridSize out,
                                   WicoPlusMode mode) {
    ReductionSpec spec;
    spec.method = ReductionMethod::Pool;
    spec.out = out;
    const TokenReduction pooled = reduceTokens(features, grid, dim, spec);
    const std::vector<float> up =
        mode == WicoPlusMode::Linear1d
            ? upsampleTokens1d(pooled.tokens.data(), pooled.tokenCount, dim, int(grid.patches()))
            : upsampleTokens2d(pooled.tokens.data(), out, dim, grid);
    std::vector<double> cosine(static_cast<std::size_t>(grid.patches()));
    for (std::int64_t p = 0; p < grid.patches(); ++p) {
        const float* v = features + p * dim;
        const float* u = up.data() + p * dim;
        double dot = 0, nv = 0, nu = 0;
        for (int c = 0; c < dim; ++c) {
            dot += double(v[c] * u[c]);
            nv += double(v[c] * v[c]);
            nu += double(u[c] * u[c]);
        }
        cosine[std::size_t(p)] = nv > 0 && nu > 0 ? dot / std::sqrt(nv * nu) : 0.0;
    }
    return cosine;
}

}  // namespace assay::core::tokens
