// HiddenStates over safetensors and .npz, both layouts; views point into the file's memory;
// every malformed file refused with the file and tensor named.
#include "assay/io/hidden_states.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"
#include "assay/io/safetensors.h"
#include "prune_io_test_util.h"
#include "tiny_checkpoint.h"

namespace assay::core::io {
namespace {

using prune::test::messageOf;

TensorToWrite matrix(const std::string& name, DType dtype, std::vector<std::int64_t> shape,
                     std::vector<double>& values, int seed) {
    std::int64_t n = 1;
    for (auto s : shape) n *= s;
    values.resize(static_cast<std::size_t>(n));
    TensorToWrite t{name, dtype, shape, std::vector<unsigned char>(n * dtypeSize(dtype))};
    for (std::int64_t i = 0; i < n; ++i) {
        values[i] = static_cast<double>((i * 37 + seed * 11) % 257 - 128) / 64.0;
        prune::test::encodeValue(values[i], dtype, t.bytes.data() + i * dtypeSize(dtype));
    }
    return t;
}

std::vector<double> read(const HiddenMatrix& m) {
    std::vector<double> out(m.rows * m.cols);
    convertElements(static_cast<const unsigned char*>(m.data), m.dtype, 0, m.rows * m.cols, out.data());
    return out;
}

TEST(HiddenStates, PerLayerTensorsWithTargetsAndTokenIds) {
    prune::test::Scratch dir;
    std::vector<double> h3, h7, t3;
    const std::vector<TensorToWrite> tensors = {
        matrix("layers.7.hidden", DType::BF16, {5, 4}, h7, 1),
        matrix("layers.3.hidden", DType::BF16, {5, 4}, h3, 2),
        matrix("layers.3.target", DType::F32, {5, 4}, t3, 3),
        tensorFromInt64("token_ids", {9, 8, 7, 6, 5}, {5}),
        tensorFromInt64("label", {1, 0, 1, 0, 1}, {5}),
    };
    writeSafetensors(dir / "h.safetensors", tensors, {});
    const HiddenStates hs = HiddenStates::open(dir / "h.safetensors");
    EXPECT_EQ(hs.layers(), (std::vector<int>{3, 7}));
    EXPECT_EQ(hs.tokens(), 5);
    EXPECT_EQ(hs.width(), 4);
    EXPECT_TRUE(hs.hasLayer(7));
    EXPECT_FALSE(hs.hasLayer(4));
    const HiddenMatrix m = hs.hidden(3);
    EXPECT_EQ(m.dtype, DType::BF16);  // kept compact
    EXPECT_EQ(m.data, hs.file().rawData("layers.3.hidden"));  // a view, not a copy
    EXPECT_EQ(read(m), h3);
    EXPECT_EQ(read(hs.hidden(7)), h7);
    ASSERT_TRUE(hs.target(3).has_value());
    EXPECT_EQ(read(*hs.target(3)), t3);
    EXPECT_FALSE(hs.target(7).has_value());
    EXPECT_EQ(hs.tokenIds(), (std::vector<std::int64_t>{9, 8, 7, 6, 5}));
    EXPECT_NE(hs.file().find("label"), nullptr);
    const std::string missing = messageOf<InputError>([&] { hs.hidden(4); });
    EXPECT_NE(missing.find("h.safetensors: layer 4: no hidden states for this layer (the file has "
                           "layers 3, 7)"),
              std::string::npos)
        << missing;
}

TEST(HiddenStates, StackedWithLayerIndexInMetadataOrTensor) {
    prune::test::Scratch dir;
    std::vector<double> all, target;
    const auto hidden = matrix("hidden", DType::F16, {3, 4, 2}, all, 4);
    writeSafetensors(dir / "meta.safetensors", {hidden, matrix("target", DType::F32, {3, 4, 2}, target, 5)},
                     {{"layer_index", "[1, 5, 9]"}});
    for (const char* file : {"meta.safetensors", "tensor.safetensors", "default.safetensors"}) {
        if (std::string(file) == "tensor.safetensors")
            writeSafetensors(dir / file, {hidden, tensorFromInt64("layer_index", {1, 5, 9}, {3})}, {});
        if (std::string(file) == "default.safetensors") writeSafetensors(dir / file, {hidden}, {});
        const HiddenStates hs = HiddenStates::open(dir / file);
        const bool byDefault = std::string(file) == "default.safetensors";
        EXPECT_EQ(hs.layers(), byDefault ? (std::vector<int>{0, 1, 2}) : (std::vector<int>{1, 5, 9}));
        EXPECT_EQ(hs.tokens(), 4);
        EXPECT_EQ(hs.width(), 2);
        for (int i = 0; i < 3; ++i) {
            const HiddenMatrix m = hs.hidden(hs.layers()[i]);
            EXPECT_EQ(m.dtype, DType::F16);
            EXPECT_EQ(read(m), std::vector<double>(all.begin() + i * 8, all.begin() + (i + 1) * 8)) << file;
            if (std::string(file) == "meta.safetensors") {
                ASSERT_TRUE(hs.target(hs.layers()[i]));
                EXPECT_EQ(read(*hs.target(hs.layers()[i])),
                          std::vector<double>(target.begin() + i * 8, target.begin() + (i + 1) * 8));
            }
        }
        EXPECT_TRUE(hs.tokenIds().empty());
    }
}

TEST(HiddenStates, NpzFromNumpy) {
    if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 has no numpy";
    prune::test::Scratch dir;
    const std::string cmd = "/usr/bin/python3 -c \"import numpy as np; np.savez('" +
                            (dir / "h.npz").string() +
                            "', **{'layers.2.hidden': np.arange(6, dtype=np.float32).reshape(3, 2), "
                            "'token_ids': np.array([4, 5, 6])})\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const HiddenStates hs = HiddenStates::open(dir / "h.npz");
    EXPECT_EQ(hs.layers(), (std::vector<int>{2}));
    EXPECT_EQ(read(hs.hidden(2)), (std::vector<double>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(hs.tokenIds(), (std::vector<std::int64_t>{4, 5, 6}));
}

TEST(HiddenStates, MalformedFilesNameTheTensor) {
    prune::test::Scratch dir;
    std::vector<double> v;
    struct Case {
        std::vector<TensorToWrite> tensors;
        std::map<std::string, std::string> metadata;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {{tensorFromInt64("x", {1}, {1})}, {}, "no hidden states: expected tensors layers.{l}.hidden"},
        {{tensorFromInt64("layers.0.hidden", {1, 2}, {1, 2})}, {}, "layers.0.hidden: has dtype I64, expected a float type"},
        {{matrix("layers.0.hidden", DType::F32, {2, 3, 1}, v, 1)}, {}, "layers.0.hidden: shape [2, 3, 1], expected [T, d]"},
        {{matrix("layers.0.hidden", DType::F32, {2, 3}, v, 1), matrix("layers.1.hidden", DType::F32, {2, 4}, v, 1)},
         {}, "layers.1.hidden: has [T=2, d=4], expected [T=2, d=3] like the other layers"},
        {{matrix("layers.0.hidden", DType::F32, {0, 3}, v, 1)}, {}, "expected at least 1 of each"},
        {{matrix("layers.0.hidden", DType::F32, {2, 3}, v, 1), tensorFromInt64("token_ids", {1, 2, 3}, {3})},
         {}, "token_ids: shape [3], expected [T=2] (one id per token)"},
        {{matrix("layers.0.hidden", DType::F32, {2, 3}, v, 1), tensorFromDoubles("token_ids", {1, 2}, {2})},
         {}, "token_ids: has dtype F64, expected an integer type"},
        {{matrix("layers.0.hidden", DType::F32, {2, 3}, v, 1), matrix("layers.1.target", DType::F32, {2, 3}, v, 1)},
         {}, "layers.1.target: a target for layer 1, which has no hidden states"},
        {{matrix("layers.0.hidden", DType::F32, {2, 3}, v, 1), matrix("hidden", DType::F32, {1, 2, 3}, v, 1)},
         {}, "hidden: found beside layers.{l}.hidden tensors"},
        {{matrix("hidden", DType::F32, {2, 3}, v, 1)}, {}, "hidden: shape [2, 3], expected [L=2, T, d]"},
        {{matrix("hidden", DType::F32, {2, 2, 3}, v, 1)}, {{"layer_index", "[4]"}},
         "layer_index: names 1 layers, expected L=2"},
        {{matrix("hidden", DType::F32, {2, 2, 3}, v, 1)}, {{"layer_index", "[4, 4]"}}, "layer_index: repeats layer 4"},
        {{matrix("hidden", DType::F32, {2, 2, 3}, v, 1)}, {{"layer_index", "four"}},
         "__metadata__.layer_index: is four, expected a JSON list of integers"},
        {{matrix("hidden", DType::F32, {2, 2, 3}, v, 1), tensorFromInt64("layer_index", {-1, 2}, {2})},
         {}, "layer_index: holds -1, expected layer numbers >= 0"},
        {{matrix("hidden", DType::F32, {2, 2, 3}, v, 1), tensorFromDoubles("layer_index", {1, 2}, {2})},
         {}, "layer_index: has dtype F64, expected an integer tensor"},
        {{matrix("hidden", DType::F32, {2, 2, 3}, v, 1), matrix("target", DType::F32, {2, 2, 4}, v, 1)},
         {}, "target: has [T=2, d=4], expected [T=2, d=3]"},
    };
    for (const Case& c : cases) {
        writeSafetensors(dir / "bad.safetensors", c.tensors, c.metadata);
        const std::string m = messageOf<InputError>([&] { HiddenStates::open(dir / "bad.safetensors"); });
        EXPECT_NE(m.find("bad.safetensors: "), std::string::npos) << m;
        EXPECT_NE(m.find(c.expect), std::string::npos) << c.expect << "\n  got: " << m;
    }
}

}  // namespace
}  // namespace assay::core::io
