// PreferencePairs in its three layouts and in memory: the same rows come back in place; missing,
// mismatched and non-float tensors are refused naming the file and tensor.
#include "assay/probes/preference_pairs.h"

#include <gtest/gtest.h>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "probe_io_test_util.h"

namespace assay::core::probes {
namespace {

using core::test::messageOf;

std::vector<double> matrixValues(const io::HiddenMatrix& m) {
    std::vector<double> out(static_cast<std::size_t>(m.rows * m.cols));
    io::convertElements(static_cast<const unsigned char*>(m.data), m.dtype, 0, m.rows * m.cols,
                        out.data());
    return out;
}

std::vector<double> block(const std::vector<double>& v, std::int64_t i, std::int64_t size) {
    return {v.begin() + i * size, v.begin() + (i + 1) * size};
}

TEST(PreferencePairs, EveryLayoutReadsTheSameRows) {
    const std::int64_t L = 2, n = 5, d = 3;
    const auto chosen = test::exactValues(L * n * d, 1), rejected = test::exactValues(L * n * d, 2);
    test::Scratch dir;
    // Stacked [L, N, d] with layer_index in the metadata, listed out of order.
    io::writeSafetensors(dir / "stacked.safetensors",
                         {test::tensor("chosen", chosen, {L, n, d}, io::DType::BF16),
                          test::tensor("rejected", rejected, {L, n, d}, io::DType::F16)},
                         {{"layer_index", "[12, 3]"}});
    // Per layer.
    io::writeSafetensors(
        dir / "per_layer.safetensors",
        {test::tensor("layers.3.chosen", block(chosen, 1, n * d), {n, d}),
         test::tensor("layers.12.chosen", block(chosen, 0, n * d), {n, d}),
         test::tensor("layers.12.rejected", block(rejected, 0, n * d), {n, d}, io::DType::F64),
         test::tensor("layers.3.rejected", block(rejected, 1, n * d), {n, d})},
        {});
    for (const char* file : {"stacked.safetensors", "per_layer.safetensors"}) {
        const PreferencePairs p = PreferencePairs::open(dir / file);
        EXPECT_EQ(p.layers(), (std::vector<int>{3, 12})) << file;
        EXPECT_EQ(p.pairs(), n);
        EXPECT_EQ(p.width(), d);
        EXPECT_EQ(matrixValues(p.chosen(0)), block(chosen, 1, n * d)) << file;
        EXPECT_EQ(matrixValues(p.chosen(1)), block(chosen, 0, n * d)) << file;
        EXPECT_EQ(matrixValues(p.rejected(0)), block(rejected, 1, n * d)) << file;
        EXPECT_EQ(matrixValues(p.rejected(1)), block(rejected, 0, n * d)) << file;
        EXPECT_THROW(p.chosen(2), ParameterError);
    }
    EXPECT_EQ(PreferencePairs::open(dir / "stacked.safetensors").name(), "stacked");
    EXPECT_EQ(PreferencePairs::open(dir / "stacked.safetensors").chosen(0).dtype, io::DType::BF16);
    // One layer [N, d].
    io::writeSafetensors(dir / "one.safetensors",
                         {test::tensor("chosen", block(chosen, 0, n * d), {n, d}),
                          test::tensor("rejected", block(rejected, 0, n * d), {n, d})},
                         {});
    const PreferencePairs one = PreferencePairs::open(dir / "one.safetensors");
    EXPECT_EQ(one.layers(), (std::vector<int>{0}));
    EXPECT_EQ(matrixValues(one.rejected(0)), block(rejected, 0, n * d));
    // In memory, layer order normalised like the files.
    const PreferencePairs mem = PreferencePairs::fromFloats(
        "multi-model", {12, 3}, n, d, std::vector<float>(chosen.begin(), chosen.end()),
        std::vector<float>(rejected.begin(), rejected.end()));
    EXPECT_EQ(mem.name(), "multi-model");
    EXPECT_EQ(mem.layers(), (std::vector<int>{3, 12}));
    EXPECT_EQ(matrixValues(mem.chosen(0)), block(chosen, 1, n * d));
    EXPECT_EQ(matrixValues(mem.rejected(1)), block(rejected, 0, n * d));
    EXPECT_THROW(PreferencePairs::fromFloats("x", {0}, n, d, {1.f}, {1.f}), InputError);
}

std::string openError(const std::vector<io::TensorToWrite>& tensors) {
    test::Scratch dir;
    io::writeSafetensors(dir / "bad.safetensors", tensors, {});
    return messageOf<InputError>([&] { PreferencePairs::open(dir / "bad.safetensors"); });
}

TEST(PreferencePairs, MalformedFilesAreRefused) {
    auto has = [](const std::string& m, const std::string& part) {
        EXPECT_NE(m.find(part), std::string::npos) << m;
    };
    const auto v = test::exactValues(12, 1);
    has(openError({test::tensor("chosen", v, {4, 3})}), "bad.safetensors: rejected: missing");
    has(openError({test::tensor("chosen", v, {4, 3}), test::tensor("rejected", v, {3, 4})}),
        "rejected: shape [3, 4] differs from chosen's [4, 3]");
    has(openError({test::tensor("chosen", {}, {0, 3}), test::tensor("rejected", {}, {0, 3})}),
        "chosen: has 0 pairs of width 3");
    has(openError({test::tensor("chosen", v, {4, 3}),
                   test::tensor("rejected", v, {4, 3}, io::DType::I32)}),
        "rejected: has dtype I32, expected a float type");
    has(openError({test::tensor("layers.1.chosen", v, {4, 3})}),
        "layers.1.rejected: missing: layer 1 has chosen states only");
    has(openError({test::tensor("layers.1.chosen", v, {4, 3}),
                   test::tensor("layers.1.rejected", v, {4, 3}),
                   test::tensor("layers.2.chosen", v, {3, 4}),
                   test::tensor("layers.2.rejected", v, {3, 4})}),
        "has [N=3, d=4], expected [N=4, d=3]");
    has(openError({test::tensor("hidden", v, {4, 3})}),
        "chosen: missing: expected chosen and rejected");
}

}  // namespace
}  // namespace assay::core::probes
