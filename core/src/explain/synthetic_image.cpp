// The image set (papers.md §7(c), PROPOSAL): 32×32 RGB, class = a light circle (0) or square (1)
// at a random position on a dark noisy background; a corner colour patch (red for squares, blue
// for circles) agrees with the class with probability q. Features: a 4×4 grid of superpixels.
#include <cmath>
#include <string>

#include "assay/core/random.h"
#include "assay/explain/segmentation.h"
#include "synthetic_generators.h"

namespace assay::core::explain::detail {

namespace {

constexpr int kSide = 32;
constexpr int kGrid = 4;  // 4×4 superpixels of 8×8 pixels
// The model reads the picture 2×2 average-pooled (16×16×3 inputs): a fixed linear step of the
// model's input that keeps every 8×8 superpixel whole and makes each of the analysis' ~370k model
// rows per domain four times cheaper (the default analysis stays within seconds on one core).
constexpr int kPool = 2;
constexpr int kInputSide = kSide / kPool;
constexpr int kD = kInputSide * kInputSide * 3;
constexpr std::int64_t kImageTrain = 2000;
constexpr int kRadius = 6;  // circle radius / square half-side: equal extent, different area
// The cue: a 6×6 patch inside the top-left cell, which the shape never enters.
constexpr int kPatchBegin = 1, kPatchEnd = 7;
constexpr int kBackground = 30, kShape = 220, kNoise = 10;
// Off superpixels take the background colour (lime_image's hide_color) rather than their mean
// colour: the mean would keep the cue's and the shape's average intensity in the segment, so
// turning them off would hardly change what a model sees.
constexpr double kFill = kBackground / 255.0;

bool inShape(int cls, int cx, int cy, int x, int y) {
    const int dx = x - cx, dy = y - cy;
    if (cls == 1) return std::abs(dx) <= kRadius && std::abs(dy) <= kRadius;
    return dx * dx + dy * dy <= kRadius * kRadius;
}

struct Picture {
    tokens::RgbImage image;
    std::vector<std::uint8_t> shape;  // per pixel: 1 inside the shape
    int cls = 0;
};

std::uint8_t jitter(SplitMix64& rng, int base) {
    const int v = base + static_cast<int>(rng.below(2 * kNoise + 1)) - kNoise;
    return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

Picture drawPicture(SplitMix64& rng, double q) {
    Picture p;
    p.cls = static_cast<int>(rng.below(2));
    int cx = 0, cy = 0;
    do {  // a position whose bounding box stays clear of the cue's cell
        cx = kRadius + static_cast<int>(rng.below(kSide - 2 * kRadius));
        cy = kRadius + static_cast<int>(rng.below(kSide - 2 * kRadius));
    } while (cx - kRadius < kSide / kGrid && cy - kRadius < kSide / kGrid);
    const bool agrees = rng.uniform() < q;
    const bool red = (p.cls == 1) == agrees;
    p.image.width = p.image.height = kSide;
    p.image.rgb.resize(static_cast<std::size_t>(kSide) * kSide * 3);
    p.shape.assign(static_cast<std::size_t>(kSide) * kSide, 0);
    for (int y = 0; y < kSide; ++y) {
        for (int x = 0; x < kSide; ++x) {
            std::uint8_t* px = p.image.rgb.data() + (static_cast<std::size_t>(y) * kSide + x) * 3;
            const bool patch =
                x >= kPatchBegin && x < kPatchEnd && y >= kPatchBegin && y < kPatchEnd;
            const bool shape = inShape(p.cls, cx, cy, x, y);
            p.shape[static_cast<std::size_t>(y) * kSide + x] = shape ? 1 : 0;
            const int base = shape ? kShape : kBackground;
            for (int c = 0; c < 3; ++c) px[c] = jitter(rng, base);
            if (patch) {
                px[0] = red ? 200 : 40;
                px[1] = 40;
                px[2] = red ? 40 : 200;
            }
        }
    }
    return p;
}

void toInput(const tokens::RgbImage& image, double* x) {
    for (int by = 0; by < kInputSide; ++by) {
        for (int bx = 0; bx < kInputSide; ++bx) {
            for (int c = 0; c < 3; ++c) {
                double sum = 0;
                for (int dy = 0; dy < kPool; ++dy) {
                    for (int dx = 0; dx < kPool; ++dx) {
                        const int y = by * kPool + dy, xx = bx * kPool + dx;
                        sum += image.rgb[(static_cast<std::size_t>(y) * kSide + xx) * 3 + c];
                    }
                }
                x[(by * kInputSide + bx) * 3 + c] = sum / (kPool * kPool * 255.0);
            }
        }
    }
}

}  // namespace

// Every input of the patch's 8×8 cell (the shape never enters it, so the cell holds the cue and
// background only).
std::vector<int> imageCueInputs() {
    std::vector<int> cue;
    const int cellBlocks = kSide / kGrid / kPool;
    for (int by = 0; by < cellBlocks; ++by) {
        for (int bx = 0; bx < cellBlocks; ++bx) {
            for (int c = 0; c < 3; ++c) cue.push_back((by * kInputSide + bx) * 3 + c);
        }
    }
    return cue;
}

SyntheticSet makeImageSet(const SyntheticOptions& o) {
    SyntheticSet set;
    set.domain = Domain::Image;
    set.strength = o.strength;
    set.D = kD;
    set.outputs = 2;
    set.explainedLabel = 1;
    set.nTrain = o.nTrain > 0 ? o.nTrain : kImageTrain;
    set.trainX.resize(static_cast<std::size_t>(set.nTrain) * kD);
    set.trainY.resize(static_cast<std::size_t>(set.nTrain));
    SplitMix64 train(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Train)));
    for (std::int64_t i = 0; i < set.nTrain; ++i) {
        const Picture p = drawPicture(train, o.strength);
        toInput(p.image, set.trainX.data() + i * kD);
        set.trainY[i] = p.cls;
    }
    const Segmentation seg = gridSegmentation(kSide, kSide, kGrid, kGrid);
    const int M = seg.segments;
    // Names from each segment's mean position, so they do not assume the grid's label order.
    std::vector<double> sumX(M, 0), sumY(M, 0), count(M, 0);
    for (int y = 0; y < kSide; ++y) {
        for (int x = 0; x < kSide; ++x) {
            const int s = seg.labels[static_cast<std::size_t>(y) * kSide + x];
            sumX[s] += x;
            sumY[s] += y;
            count[s] += 1;
        }
    }
    std::vector<std::string> names(M);
    for (int s = 0; s < M; ++s) {
        const int r = static_cast<int>(sumY[s] / count[s] / (kSide / kGrid));
        const int c = static_cast<int>(sumX[s] / count[s] / (kSide / kGrid));
        names[s] = "r" + std::to_string(r) + "c" + std::to_string(c);
    }
    const int cueSegment = seg.labels[static_cast<std::size_t>(kPatchBegin) * kSide + kPatchBegin];
    std::vector<int> groups(kD);
    for (int d = 0; d < kD; ++d) {  // an input belongs to the superpixel of its 2×2 block
        const int block = d / 3, by = block / kInputSide, bx = block % kInputSide;
        groups[d] = seg.labels[static_cast<std::size_t>(by * kPool) * kSide + bx * kPool];
    }
    SplitMix64 items(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Items)));
    for (int i = 0; i < o.items; ++i) {
        const Picture p = drawPicture(items, o.strength);
        SyntheticItem item;
        item.x.resize(kD);
        toInput(p.image, item.x.data());
        item.label = p.cls;
        item.featureLabels = names;
        item.image = p.image;
        item.segments = seg.labels;
        std::vector<double> shapePixels(M, 0.0);
        double total = 0;
        for (std::size_t px = 0; px < p.shape.size(); ++px) {
            shapePixels[seg.labels[px]] += p.shape[px];
            total += p.shape[px];
        }
        item.groundTruth.resize(M);
        item.roles.resize(M);
        for (int s = 0; s < M; ++s) {
            item.groundTruth[s] = shapePixels[s] / total;
            item.roles[s] = s == cueSegment
                                ? FeatureRole::Spurious
                                : (shapePixels[s] > 0 ? FeatureRole::Causal : FeatureRole::Noise);
        }
        item.masker = groupedMasker(item.x, groups, M, std::vector<double>(kD, kFill));
        set.items.push_back(std::move(item));
    }
    return set;
}

}  // namespace assay::core::explain::detail
