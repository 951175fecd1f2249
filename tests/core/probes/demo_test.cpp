// The Probes demo (core/src/probes/probes_demo*.cpp): shapes, labels that are the model's own
// mistakes, reproducibility from the seed, the preference sets and captions built from the first
// model's states, the files it writes (read back by the readers), errors and cancellation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "demo_test_util.h"

namespace assay::core::probes {
namespace {
using namespace test_support;

std::vector<float> layerFloats(const io::HiddenMatrix& m) {
    EXPECT_EQ(m.dtype, io::DType::F32);
    const auto* f = static_cast<const float*>(m.data);
    return std::vector<float>(f, f + m.rows * m.cols);
}

std::vector<float> allFloats(const ProbeDataset& d) {
    std::vector<float> out;
    for (int p = 0; p < d.layerCount(); ++p) {
        const auto v = layerFloats(d.layer(p));
        out.insert(out.end(), v.begin(), v.end());
    }
    return out;
}

// The row of `m` equal to `x` (width floats), or −1.
std::int64_t findRow(const io::HiddenMatrix& m, const float* x) {
    const auto* f = static_cast<const float*>(m.data);
    for (std::int64_t r = 0; r < m.rows; ++r)
        if (std::memcmp(f + r * m.cols, x, sizeof(float) * m.cols) == 0) return r;
    return -1;
}

TEST(ProbesDemo, StatesHaveTheDocumentedShapeSplitAndGroups) {
    const ProbesDemo& demo = quickProbesDemo();
    const ProbesDemoSpec s = quickProbesSpec();
    for (const ProbeDataset* d : {&demo.states(), &demo.secondStates()}) {
        EXPECT_EQ(d->layerCount(), s.layers);
        EXPECT_EQ(d->layers(), (std::vector<int>{1, 2, 3}));
        EXPECT_EQ(d->items(), s.items);
        ASSERT_TRUE(d->split().has_value());
        ASSERT_TRUE(d->groups().has_value());
        for (const float v : allFloats(*d)) ASSERT_TRUE(std::isfinite(v));
    }
    EXPECT_EQ(demo.states().width(), s.width);
    EXPECT_EQ(demo.secondStates().width(), s.secondWidth);
    // Paired rows: the same items, hence the same split and groups.
    EXPECT_EQ(*demo.states().split(), *demo.secondStates().split());
    EXPECT_EQ(*demo.states().groups(), *demo.secondStates().groups());
    // The split keeps groups whole and holds about a quarter of them in test.
    const auto& split = *demo.states().split();
    const auto& group = *demo.states().groups();
    std::map<std::int64_t, std::set<int>> sides;
    for (std::size_t i = 0; i < split.size(); ++i) sides[group[i]].insert(split[i]);
    std::int64_t testGroups = 0;
    for (const auto& [g, side] : sides) {
        EXPECT_EQ(side.size(), 1u) << "group " << g << " is cut";
        testGroups += side.count(1);
    }
    EXPECT_NEAR(double(testGroups) / double(sides.size()), 0.25, 0.01);
    // Labels are the models' own mistakes: their share is 1 − accuracy.
    for (const auto& [d, acc] : {std::pair{&demo.states(), demo.accuracy()},
                                 std::pair{&demo.secondStates(), demo.secondAccuracy()}}) {
        double wrong = 0;
        for (std::uint8_t v : d->labels()) wrong += v;
        EXPECT_NEAR(wrong / double(d->items()), 1 - acc, 1e-12);
    }
    // Different depths hold different states.
    EXPECT_NE(layerFloats(demo.states().layer(0)), layerFloats(demo.states().layer(2)));
}

TEST(ProbesDemo, SameSpecGivesIdenticalBytesAndAnotherSeedDiffers) {
    ProbesDemoSpec spec = quickProbesSpec();
    spec.trainSteps = 10;
    spec.items = 200;
    const ProbesDemo a = ProbesDemo::train(spec), b = ProbesDemo::train(spec);
    const auto fa = allFloats(a.states());
    const auto fb = allFloats(b.states());
    ASSERT_EQ(fa.size(), fb.size());
    EXPECT_EQ(std::memcmp(fa.data(), fb.data(), fa.size() * sizeof(float)), 0);
    EXPECT_EQ(allFloats(a.secondStates()), allFloats(b.secondStates()));
    EXPECT_EQ(a.states().labels(), b.states().labels());
    EXPECT_EQ(*a.states().split(), *b.states().split());
    EXPECT_EQ(a.accuracy(), b.accuracy());
    EXPECT_EQ(layerFloats(a.preference()[1].chosen(0)), layerFloats(b.preference()[1].chosen(0)));
    EXPECT_EQ(layerFloats(a.captions().states(1)), layerFloats(b.captions().states(1)));
    spec.seed += 1;
    const ProbesDemo c = ProbesDemo::train(spec);
    EXPECT_NE(fa, allFloats(c.states()));
    EXPECT_NE(*a.states().split(), *c.states().split());
}

TEST(ProbesDemo, PreferenceSetsAreRowsOfTheFirstModel) {
    const ProbesDemo& demo = quickProbesDemo();
    const auto& sets = demo.preference();
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0].name(), "multi-model");
    EXPECT_EQ(sets[1].name(), "single-model");
    const ProbeDataset& states = demo.states();
    for (const PreferencePairs& p : sets) {
        EXPECT_EQ(p.layers(), states.layers());
        EXPECT_EQ(p.width(), states.width());
        EXPECT_EQ(p.pairs(), sets[0].pairs());
        EXPECT_GT(p.pairs(), 10);
    }
    // Multi-model: chosen rows are states the model got right (0), rejected ones it got wrong (1),
    // at every layer the same item.
    for (int l = 0; l < states.layerCount(); ++l) {
        const io::HiddenMatrix m = states.layer(l);
        const auto chosen = layerFloats(sets[0].chosen(l)),
                   rejected = layerFloats(sets[0].rejected(l));
        std::set<std::int64_t> used;
        for (std::int64_t i = 0; i < sets[0].pairs(); ++i) {
            const std::int64_t c = findRow(m, &chosen[i * m.cols]);
            const std::int64_t r = findRow(m, &rejected[i * m.cols]);
            ASSERT_GE(c, 0);
            ASSERT_GE(r, 0);
            EXPECT_EQ(states.labels()[c], 0);
            EXPECT_EQ(states.labels()[r], 1);
            EXPECT_TRUE(used.insert(c).second && used.insert(r).second) << "a row used twice";
        }
    }
    // Single-model: rows of the model too, every item at most once, both labels among the chosen.
    const io::HiddenMatrix m = states.layer(0);
    const auto chosen = layerFloats(sets[1].chosen(0)), rejected = layerFloats(sets[1].rejected(0));
    std::set<std::int64_t> used;
    for (std::int64_t i = 0; i < sets[1].pairs(); ++i)
        for (const auto* v : {&chosen, &rejected}) {
            const std::int64_t r = findRow(m, &(*v)[i * m.cols]);
            ASSERT_GE(r, 0);
            EXPECT_TRUE(used.insert(r).second);
        }
}

TEST(ProbesDemo, CaptionObjectsAreTestItemsWithTheirLabelsAndConfidences) {
    const ProbesDemo& demo = quickProbesDemo();
    const CaptionSet& set = demo.captions();
    const ProbeDataset& states = demo.states();
    EXPECT_EQ(set.layers(), states.layers());
    EXPECT_EQ(set.width(), states.width());
    ASSERT_FALSE(set.captions().empty());
    const std::set<std::string> words{" cat", " dog", " boat", " kite"};
    std::int64_t row = 0, objects = 0, wrong = 0;
    const int last = states.layerCount() - 1;
    const io::HiddenMatrix tokens = set.states(states.layers()[last]);
    const auto* t = static_cast<const float*>(tokens.data);
    for (const Caption& c : set.captions()) {
        EXPECT_EQ(c.firstRow, row);
        ASSERT_EQ(c.labels.size(), c.tokens.size());
        ASSERT_EQ(c.confidences.size(), c.tokens.size());
        EXPECT_EQ(c.tokens.back(), ".");
        for (std::size_t k = 0; k < c.tokens.size(); ++k) {
            const std::int64_t r = c.firstRow + static_cast<std::int64_t>(k);
            EXPECT_GT(c.confidences[k], 0.0);
            EXPECT_LE(c.confidences[k], 1.0);
            if (c.labels[k] < 0) continue;
            ++objects;
            wrong += c.labels[k];
            EXPECT_TRUE(words.count(c.tokens[k])) << c.tokens[k];
            // The word's row is a test item's state with the same label; the token before it
            // holds the same state.
            const std::int64_t item = findRow(states.layer(last), t + r * tokens.cols);
            ASSERT_GE(item, 0);
            EXPECT_EQ((*states.split())[item], 1);
            EXPECT_EQ(states.labels()[item], c.labels[k]);
            ASSERT_GE(k, 1u);
            EXPECT_EQ(std::memcmp(t + r * tokens.cols, t + (r - 1) * tokens.cols,
                                  sizeof(float) * tokens.cols),
                      0);
        }
        row += static_cast<std::int64_t>(c.tokens.size());
    }
    EXPECT_EQ(tokens.rows, row);
    EXPECT_GT(objects, 20);
    EXPECT_GT(wrong, 0);
    EXPECT_LT(wrong, objects);
}

TEST(ProbesDemo, WrittenFilesReadBackAsTheSameData) {
    const ProbesDemo& demo = quickProbesDemo();
    io::test::ScratchDir dir;
    demo.writeFiles(dir / "demo");
    const ProbeDataset states = ProbeDataset::open(dir / "demo" / "states.safetensors");
    const ProbeDataset second = ProbeDataset::open(dir / "demo" / "second.safetensors");
    for (const auto& [read, made] :
         {std::pair{&states, &demo.states()}, std::pair{&second, &demo.secondStates()}}) {
        EXPECT_EQ(read->layers(), made->layers());
        EXPECT_EQ(read->labels(), made->labels());
        EXPECT_EQ(*read->split(), *made->split());
        EXPECT_EQ(*read->groups(), *made->groups());
        EXPECT_EQ(allFloats(*read), allFloats(*made));
    }
    for (int k = 0; k < 2; ++k) {
        const PreferencePairs p = PreferencePairs::open(
            dir / "demo" / (k == 0 ? "pairs-multi.safetensors" : "pairs-single.safetensors"));
        const PreferencePairs& made = demo.preference()[k];
        EXPECT_EQ(p.layers(), made.layers());
        EXPECT_EQ(p.pairs(), made.pairs());
        for (int l = 0; l < p.layerCount(); ++l) {
            EXPECT_EQ(layerFloats(p.chosen(l)), layerFloats(made.chosen(l)));
            EXPECT_EQ(layerFloats(p.rejected(l)), layerFloats(made.rejected(l)));
        }
    }
    const CaptionSet captions = CaptionSet::open(dir / "demo" / "captions.jsonl",
                                                 dir / "demo" / "caption-states.safetensors");
    const CaptionSet& made = demo.captions();
    ASSERT_EQ(captions.captions().size(), made.captions().size());
    for (std::size_t i = 0; i < made.captions().size(); ++i) {
        EXPECT_EQ(captions.captions()[i].id, made.captions()[i].id);
        EXPECT_EQ(captions.captions()[i].tokens, made.captions()[i].tokens);
        EXPECT_EQ(captions.captions()[i].labels, made.captions()[i].labels);
        EXPECT_EQ(captions.captions()[i].firstRow, made.captions()[i].firstRow);
        ASSERT_EQ(captions.captions()[i].confidences.size(), made.captions()[i].confidences.size());
        for (std::size_t k = 0; k < made.captions()[i].confidences.size(); ++k)
            EXPECT_DOUBLE_EQ(captions.captions()[i].confidences[k],
                             made.captions()[i].confidences[k]);
    }
    for (int l : made.layers())
        EXPECT_EQ(layerFloats(captions.states(l)), layerFloats(made.states(l)));
    // A folder that cannot be made: OutputError.
    io::test::writeBytes(dir / "file", "x");
    EXPECT_THROW(demo.writeFiles(dir / "file" / "demo"), OutputError);
}

TEST(ProbesDemo, BadSpecsAreRefused) {
    for (auto change : std::vector<void (*)(ProbesDemoSpec&)>{
             [](ProbesDemoSpec& s) { s.layers = 0; }, [](ProbesDemoSpec& s) { s.width = 1; },
             [](ProbesDemoSpec& s) { s.secondWidth = 0; }, [](ProbesDemoSpec& s) { s.items = 10; },
             [](ProbesDemoSpec& s) { s.trainSteps = -1; }}) {
        ProbesDemoSpec s = quickProbesSpec();
        change(s);
        EXPECT_THROW(ProbesDemo::train(s), ParameterError);
    }
}

class CancelAt : public JobContext {
public:
    explicit CancelAt(std::int64_t step) : m_step(step) {}
    std::int64_t last = -1;

protected:
    void onProgress(std::int64_t done, std::int64_t) override {
        last = done;
        if (done >= m_step) cancel();
    }

private:
    std::int64_t m_step;
};

TEST(ProbesDemo, TrainingReportsProgressAndCancels) {
    CancelAt job(3);
    EXPECT_THROW(ProbesDemo::train(quickProbesSpec(), job), JobCancelled);
    EXPECT_EQ(job.last, 3);
}

}  // namespace
}  // namespace assay::core::probes
