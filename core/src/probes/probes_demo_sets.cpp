// The Probes demo's preference datasets and captions (probes_demo_sets.h).
#include "probes_demo_sets.h"

#include <algorithm>
#include <string>

#include "assay/core/random.h"
#include "probes_demo_task.h"

namespace assay::core::probes::demo {
namespace {

constexpr int kCaptions = 48;
constexpr double kConfidentFiller = 0.95;  // filler tokens' states: right items at least this sure

// Rows `items` of every layer, [layers, items.size(), width].
std::vector<float> gather(const DemoRun& run, const std::vector<std::int64_t>& items) {
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(run.layers) * items.size() * run.width);
    for (int l = 0; l < run.layers; ++l)
        for (std::int64_t i : items)
            out.insert(out.end(), run.row(l, i), run.row(l, i) + run.width);
    return out;
}

std::vector<std::int64_t> shuffledWhere(const DemoRun& run, bool wrong, std::uint64_t seed) {
    std::vector<std::int64_t> rows;
    for (std::int64_t i = 0; i < run.items; ++i)
        if ((run.wrong[i] != 0) == wrong) rows.push_back(i);
    const auto order = seededPermutation(static_cast<std::int64_t>(rows.size()), seed);
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (std::int64_t k : order) out.push_back(rows[k]);
    return out;
}

}  // namespace

const char* demoClassWord(std::int64_t c) {
    static const char* const words[kClasses] = {" cat", " dog", " boat", " kite"};
    return words[c % kClasses];
}

std::vector<PreferencePairs> makePreferenceSets(const DemoRun& run, const std::vector<int>& layers,
                                                std::uint64_t seed) {
    auto right = shuffledWhere(run, false, streamSeed(seed, 0x9A1));
    auto wrong = shuffledWhere(run, true, streamSeed(seed, 0x9A2));
    const auto pairs = std::max<std::int64_t>(
        1, std::min<std::int64_t>({static_cast<std::int64_t>(right.size()),
                                   static_cast<std::int64_t>(wrong.size()), run.items / 4}));
    right.resize(pairs);
    wrong.resize(pairs);
    std::vector<PreferencePairs> sets;
    sets.push_back(PreferencePairs::fromFloats("multi-model", layers, pairs, run.width,
                                               gather(run, right), gather(run, wrong)));
    // The same number of pairs from all items alike; a coin says which member is chosen.
    const auto all = seededPermutation(run.items, streamSeed(seed, 0x9A3));
    SplitMix64 coin(streamSeed(seed, 0x9A4));
    std::vector<std::int64_t> chosen, rejected;
    for (std::int64_t p = 0; p < pairs; ++p) {
        std::int64_t a = all[(2 * p) % run.items], b = all[(2 * p + 1) % run.items];
        if (coin.below(2) == 1) std::swap(a, b);
        chosen.push_back(a);
        rejected.push_back(b);
    }
    sets.push_back(PreferencePairs::fromFloats("single-model", layers, pairs, run.width,
                                               gather(run, chosen), gather(run, rejected)));
    return sets;
}

CaptionSet makeDemoCaptions(const DemoRun& run, const std::vector<std::uint8_t>& split,
                            const std::vector<int>& layers, std::uint64_t seed) {
    std::vector<std::int64_t> objects, fillers;
    for (std::int64_t i = 0; i < run.items; ++i) {
        if (split[i] != 1) continue;
        objects.push_back(i);
        if (!run.wrong[i] && run.confidence[i] >= kConfidentFiller) fillers.push_back(i);
    }
    if (fillers.empty()) fillers = objects;  // an untrained model: any state will do
    SplitMix64 rng(streamSeed(seed, 0xCA9));
    std::vector<Caption> captions;
    std::vector<std::int64_t> rowItems;  // per token, the item whose states it holds
    std::size_t nextObject = 0, nextFiller = 0;
    auto add = [&](Caption& c, std::string token, std::int64_t item, int label, double conf) {
        c.tokens.push_back(std::move(token));
        c.labels.push_back(label);
        c.confidences.push_back(conf);
        rowItems.push_back(item);
    };
    auto filler = [&](Caption& c, const char* token) {
        add(c, token, fillers[nextFiller++ % fillers.size()], -1, 0.8 + 0.19 * rng.uniform());
    };
    auto object = [&](Caption& c, const char* before) {
        const std::int64_t item = objects[nextObject++];
        // The token before the word holds the state that predicts it; so does the word itself.
        add(c, before, item, -1, 0.8 + 0.19 * rng.uniform());
        add(c, demoClassWord(run.predicted[item]), item, run.wrong[item], run.confidence[item]);
    };
    for (int k = 0; k < kCaptions && nextObject < objects.size(); ++k) {
        Caption c;
        c.id = "caption " + std::to_string(k);
        c.firstRow = static_cast<std::int64_t>(rowItems.size());
        const int sentences = 1 + static_cast<int>(rng.below(2));
        for (int s = 0; s < sentences && nextObject < objects.size(); ++s) {
            filler(c, s == 0 ? "There" : " There");
            filler(c, " is");
            object(c, " a");
            if (nextObject < objects.size() && rng.below(3) != 0) {
                filler(c, rng.below(2) == 0 ? " next" : " close");
                filler(c, " to");
                object(c, " a");
            }
            if (nextObject < objects.size() && rng.below(3) == 0) {
                filler(c, " and");
                object(c, " a");
            }
            filler(c, ".");
        }
        captions.push_back(std::move(c));
    }
    return CaptionSet::fromMemory(std::move(captions), layers, run.width, gather(run, rowItems));
}

}  // namespace assay::core::probes::demo
