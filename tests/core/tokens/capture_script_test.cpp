// resources/python/capture_clip_features.py --synthetic: the README's capture indexing
// (hidden_states[-2] without CLS as features, [-3] as features_b, the last layer's CLS attention
// averaged over heads) applied to made-up hidden states whose values are known, read back here.
#include <gtest/gtest.h>

#include <cstdlib>

#include "../io/io_test_util.h"
#include "assay/tokens/patch_features.h"

namespace assay::core::tokens {
namespace {

TEST(CaptureScript, SyntheticCaptureReadsBackAsGrids) {
    if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 has no NumPy (python3-numpy)";
    io::test::ScratchDir dir;
    const std::string cmd = "/usr/bin/python3 '" ASSAY_SOURCE_DIR
                            "/resources/python/capture_clip_features.py' --synthetic '" +
                            (dir / "syn.safetensors").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const PatchFeatures f = PatchFeatures::open(dir / "syn.safetensors");
    // The script's synthetic(): 4 layers (5 hidden states), 2 images, 3x3 patches + CLS, D = 5,
    // hidden[l][b, t, d] = 100 l + 10 b + t + d / 8; attention[l][b, h, 0, t] = (l+1)(h+1)(t+1)/64.
    ASSERT_EQ(f.images(), 2);
    EXPECT_EQ(f.grid().rows, 3);
    EXPECT_EQ(f.grid().cols, 3);
    EXPECT_EQ(f.dim(), 5);
    EXPECT_FALSE(f.hadCls());
    ASSERT_TRUE(f.hasSecondSet());
    ASSERT_TRUE(f.hasAttention());
    for (int b = 0; b < 2; ++b) {
        const auto a = f.imageRows(b), s = f.imageRows(b, true);
        const auto att = f.attention(b);
        for (int p = 0; p < 9; ++p) {
            const int t = p + 1;  // CLS was token 0
            for (int d = 0; d < 5; ++d) {
                EXPECT_FLOAT_EQ(a[std::size_t(p * 5 + d)], 100 * 3 + 10 * b + t + d / 8.0f);
                EXPECT_FLOAT_EQ(s[std::size_t(p * 5 + d)], 100 * 2 + 10 * b + t + d / 8.0f);
            }
            // Last layer (l = 3), mean over 2 heads of (4)(h+1)(t+1)/64.
            EXPECT_NEAR(att[std::size_t(p)], 4 * 1.5 * (t + 1) / 64.0, 1e-6);
        }
    }
}

}  // namespace
}  // namespace assay::core::tokens
