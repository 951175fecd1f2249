// resources/python/capture_hidden_states.py --synthetic: the README's capture indexing (the
// state at the token BEFORE each object word; for captions, before every token) applied to
// made-up hidden states whose values are known, read back with ProbeDataset and CaptionSet.
#include <gtest/gtest.h>

#include <cstdlib>

#include "assay/probes/captions.h"
#include "assay/probes/probe_dataset.h"
#include "probe_io_test_util.h"

namespace assay::core::probes {
namespace {

// The script's synthetic_value(): hidden_states[index][position, k] of caption c, where
// nextLabel is the label of the token at position + 1 (−1: not an object word).
double syntheticValue(int c, int index, int position, int k, int layers, int nextLabel) {
    const double base = ((c * 7 + position * 3 + k) % 17) / 8.0 - 1.0;
    const double lean = k < 4 ? (static_cast<double>(index) / layers) * 2.0 : 0.0;
    return base + (nextLabel == 1 ? lean : nextLabel == 0 ? -lean : 0.0);
}

TEST(CaptureScript, SyntheticCaptureHoldsTheStatesBeforeObjectWords) {
    if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 has no NumPy (python3-numpy)";
    test::Scratch dir;
    const std::string cmd = "/usr/bin/python3 '" ASSAY_SOURCE_DIR
                            "/resources/python/capture_hidden_states.py' --synthetic '" +
                            dir.path().string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const ProbeDataset ds = ProbeDataset::open(dir / "states.safetensors");
    const CaptionSet captions =
        CaptionSet::open(dir / "captions.jsonl", dir / "caption-states.safetensors");
    // synthetic(): 60 captions of 12 tokens after a 3-token prompt, 3 object words each,
    // width 16, layers 1..4 (hidden_states[0] is the embeddings, not kept).
    const int prompt = 3, layers = 4;
    EXPECT_EQ(ds.layers(), (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(ds.dtype(), io::DType::F16);
    EXPECT_EQ(ds.width(), 16);
    ASSERT_EQ(ds.items(), 60 * 3);
    ASSERT_TRUE(ds.groups());
    ASSERT_EQ(captions.captions().size(), 60u);
    EXPECT_EQ(captions.layers(), ds.layers());
    std::int64_t row = 0;
    for (int c = 0; c < 60; ++c) {
        const Caption& cap = captions.captions()[static_cast<std::size_t>(c)];
        ASSERT_EQ(cap.tokens.size(), 12u);
        EXPECT_EQ(cap.confidences.size(), 12u);
        auto labelAt = [&](int position) {  // absolute position → the caption token's label
            const int t = position - prompt;
            return t >= 0 && t < 12 ? cap.labels[static_cast<std::size_t>(t)] : -1;
        };
        for (int t = 0; t < 12; ++t) {
            const int position = prompt + t;
            for (int p = 0; p < layers; ++p) {
                // Caption token t: the state at the position before it.
                const auto v = test::rowValues(allRows(captions.states(p + 1)), cap.firstRow + t);
                for (int k = 0; k < 16; ++k)
                    ASSERT_EQ(v[static_cast<std::size_t>(k)],
                              syntheticValue(c, p + 1, position - 1, k, layers, labelAt(position)))
                        << "caption " << c << " token " << t;
            }
            if (cap.labels[static_cast<std::size_t>(t)] < 0) continue;
            // An object word: one labelled row, the state before it, its image as group.
            EXPECT_EQ(ds.labels()[static_cast<std::size_t>(row)],
                      cap.labels[static_cast<std::size_t>(t)]);
            EXPECT_EQ((*ds.groups())[static_cast<std::size_t>(row)], c);
            for (int p = 0; p < layers; ++p) {
                const auto v = test::rowValues(allRows(ds.layer(p)), row);
                for (int k = 0; k < 16; ++k)
                    ASSERT_EQ(v[static_cast<std::size_t>(k)],
                              syntheticValue(c, p + 1, position - 1, k, layers, labelAt(position)));
            }
            ++row;
        }
    }
    EXPECT_EQ(row, ds.items());
}

}  // namespace
}  // namespace assay::core::probes
