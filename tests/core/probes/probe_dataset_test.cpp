// ProbeDataset over files (both layouts, every float dtype) and in memory: rows stay in the
// memory map, labels/split/group are read and checked, every malformed input is refused with
// the file and tensor named; the finiteness scan agrees with std::isfinite on converted values.
#include "assay/probes/probe_dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "probe_io_test_util.h"

namespace assay::core::probes {
namespace {

using core::test::messageOf;
using test::intTensor;
using test::rowValues;

struct Fixture {
    std::vector<int> layers = {2, 5, 9};
    std::int64_t n = 8, d = 3;
    std::vector<double> hidden = test::exactValues(3 * 8 * 3, 4);
    std::vector<std::int64_t> labels = {1, 0, 0, 1, 1, 0, 1, 0};
    std::vector<std::int64_t> split = {0, 0, 1, 1, 0, 0, 0, 1};
    std::vector<std::int64_t> groups = {4, 4, 7, 7, 1, 1, 9, 9};
    double at(std::int64_t l, std::int64_t r, std::int64_t c) const {
        return hidden[static_cast<std::size_t>((l * n + r) * d + c)];
    }
};

class DatasetFiles : public ::testing::TestWithParam<std::tuple<io::DType, bool>> {};

TEST_P(DatasetFiles, ReadsStatesLabelsSplitAndGroupsInPlace) {
    const auto [dtype, stacked] = GetParam();
    const Fixture f;
    test::Scratch dir;
    auto tensors = test::statesTensors(f.layers, f.n, f.d, f.hidden, dtype, stacked);
    tensors.push_back(intTensor("label", f.labels, io::DType::U8));
    tensors.push_back(intTensor("split", f.split, io::DType::I32));
    tensors.push_back(intTensor("group", f.groups));
    io::writeSafetensors(dir / "s.safetensors", tensors, {});
    const ProbeDataset ds = ProbeDataset::open(dir / "s.safetensors");
    EXPECT_EQ(ds.name(), (dir / "s.safetensors").string());
    EXPECT_EQ(ds.layers(), f.layers);
    EXPECT_EQ(ds.layerCount(), 3);
    EXPECT_EQ(ds.items(), f.n);
    EXPECT_EQ(ds.width(), f.d);
    EXPECT_EQ(ds.dtype(), dtype);
    EXPECT_EQ(ds.labels(), std::vector<std::uint8_t>(f.labels.begin(), f.labels.end()));
    ASSERT_TRUE(ds.split());
    EXPECT_EQ(*ds.split(), std::vector<std::uint8_t>(f.split.begin(), f.split.end()));
    ASSERT_TRUE(ds.groups());
    EXPECT_EQ(*ds.groups(), f.groups);
    for (int l = 0; l < 3; ++l) {
        const io::HiddenMatrix m = ds.layer(l);
        EXPECT_EQ(m.dtype, dtype);  // compact, not converted
        const RowView all = allRows(m);
        ASSERT_EQ(all.size(), f.n);
        for (std::int64_t r = 0; r < f.n; ++r) {
            const std::vector<double> row = rowValues(all, r);
            for (std::int64_t c = 0; c < f.d; ++c) EXPECT_EQ(row[c], f.at(l, r, c));
        }
        const RowView some = rowsOf(m, {6, 1, 6});
        ASSERT_EQ(some.size(), 3);
        EXPECT_EQ(some.rows[0], all.rows[6]);  // pointers into the file, no copies
        EXPECT_EQ(some.rows[1], all.rows[1]);
        EXPECT_EQ(some.cols, f.d);
        ds.checkFinite(l, {0, 1, 2, 3, 4, 5, 6, 7});
    }
}

INSTANTIATE_TEST_SUITE_P(AllDtypesBothLayouts, DatasetFiles,
                         ::testing::Combine(::testing::Values(io::DType::F32, io::DType::F16,
                                                              io::DType::BF16, io::DType::F64),
                                            ::testing::Bool()));

TEST(ProbeDataset, FromFloatsOrdersLayersAndChecksLikeOpen) {
    const Fixture f;
    // Layers given out of order: the dataset lists them ascending with their own blocks.
    std::vector<float> hidden(f.hidden.begin(), f.hidden.end());
    const ProbeDataset ds = ProbeDataset::fromFloats(
        "demo", {9, 2, 5}, f.n, f.d, hidden, {1, 0, 0, 1, 1, 0, 1, 0}, std::nullopt, f.groups);
    EXPECT_EQ(ds.name(), "demo");
    EXPECT_EQ(ds.layers(), (std::vector<int>{2, 5, 9}));
    EXPECT_EQ(ds.dtype(), io::DType::F32);
    EXPECT_FALSE(ds.split());
    const int fileBlock[3] = {1, 2, 0};  // layer 2 is block 1 of the given order, ...
    for (int p = 0; p < 3; ++p) {
        const RowView v = allRows(ds.layer(p));
        for (std::int64_t r = 0; r < f.n; ++r)
            EXPECT_EQ(rowValues(v, r)[1], f.at(fileBlock[p], r, 1));
    }
    EXPECT_NE(messageOf<InputError>([&] {
                  ProbeDataset::fromFloats("demo", {0}, 2, 1, {0.f, 1.f}, {1, 2});
              }).find("demo: label: row 1 is 2; labels are 1 = hallucinated, 0 = real"),
              std::string::npos);
    EXPECT_NE(messageOf<InputError>([&] {
                  ProbeDataset::fromFloats("demo", {0}, 2, 1, {0.f, 1.f}, {1, 0, 1});
              }).find("label: has 3 values, expected [N=2]"),
              std::string::npos);
    EXPECT_NE(messageOf<InputError>([&] {
                  ProbeDataset::fromFloats("demo", {0}, 2, 1, {0.f}, {1, 0});
              }).find("hidden: has 1 values"),
              std::string::npos);
    EXPECT_THROW(ProbeDataset::fromFloats("demo", {0}, 2, 1, {0.f, 1.f}, {1, 0}, {{0, 0}}),
                 InputError);  // test part empty
    EXPECT_THROW(ds.layer(3), ParameterError);
    EXPECT_THROW(rowsOf(ds.layer(0), {8}), ParameterError);
    EXPECT_THROW(rowsOf(ds.layer(0), {-1}), ParameterError);
}

// The file with tensor `replace` swapped for `with` (or removed when with.name is empty).
std::string errorFor(const std::string& replace, const io::TensorToWrite& with) {
    const Fixture f;
    test::Scratch dir;
    auto tensors = test::statesTensors(f.layers, f.n, f.d, f.hidden, io::DType::F32, true);
    tensors.push_back(intTensor("label", f.labels));
    tensors.push_back(intTensor("split", f.split));
    tensors.push_back(intTensor("group", f.groups));
    for (auto it = tensors.begin(); it != tensors.end(); ++it)
        if (it->name == replace) {
            tensors.erase(it);
            break;
        }
    if (!with.name.empty()) tensors.push_back(with);
    io::writeSafetensors(dir / "bad.safetensors", tensors, {});
    return messageOf<InputError>([&] { ProbeDataset::open(dir / "bad.safetensors"); });
}

TEST(ProbeDataset, MalformedFilesAreRefusedNamingFileAndTensor) {
    auto has = [](const std::string& message, const std::string& part) {
        EXPECT_NE(message.find(part), std::string::npos) << message;
    };
    has(errorFor("label", {}), "bad.safetensors: label: missing");
    has(errorFor("label", intTensor("label", {1, 0, 0, 1, 1, 0, 1, 2})),
        "bad.safetensors: label: row 7 is 2; labels are 1 = hallucinated, 0 = real");
    has(errorFor("label", intTensor("label", {1, 0, 1})), "label: shape [3], expected [N=8]");
    has(errorFor("label", intTensor("label", {0, 0, 0, 0, 0, 0, 0, 0})),
        "label: no row is 1 (hallucinated); a probe needs both classes");
    has(errorFor("label", intTensor("label", {1, 1, 1, 1, 1, 1, 1, 1})), "no row is 0 (real)");
    has(errorFor("label", test::tensor("label", {1, 0, 0.5, 1, 1, 0, 1, 0}, {8})),
        "label: row 2 is 0.5");
    has(errorFor("split", intTensor("split", {0, 0, 1, 1, 0, 3, 0, 1})),
        "split: row 5 is 3; split values are 0 = train, 1 = test");
    has(errorFor("split", intTensor("split", {0, 0, 0, 0, 0, 0, 0, 1})),
        "split: the test part has 0 hallucinated and 1 real rows");
    has(errorFor("group", intTensor("group", {1, 2})), "group: shape [2], expected [N=8]");
    has(errorFor("hidden", {}), "no hidden states");
    // Float labels holding exactly 0 and 1 (NumPy's default) are accepted.
    const Fixture f;
    test::Scratch dir;
    auto tensors = test::statesTensors(f.layers, f.n, f.d, f.hidden, io::DType::F32, false);
    tensors.push_back(test::tensor("label", {1, 0, 0, 1, 1, 0, 1, 0}, {8}, io::DType::F32));
    io::writeSafetensors(dir / "ok.safetensors", tensors, {});
    EXPECT_EQ(ProbeDataset::open(dir / "ok.safetensors").labels()[3], 1);
}

// Rows of `dtype` with NaN / inf planted at seeded places; firstNonFiniteRow and checkFinite
// against std::isfinite on the converted values.
TEST(ProbeDataset, NonFiniteRowsFoundInEveryDtype) {
    const io::DType dtypes[] = {io::DType::F32, io::DType::F16, io::DType::BF16, io::DType::F64};
    for (const io::DType dtype : dtypes) {
        const std::int64_t n = 40, d = 7;
        std::vector<double> values = test::exactValues(static_cast<std::size_t>(2 * n * d), 9);
        SplitMix64 rng(static_cast<std::uint64_t>(dtype) + 3);
        for (int k = 0; k < 6; ++k) {
            const double bad = k % 3 == 0   ? std::numeric_limits<double>::quiet_NaN()
                               : k % 3 == 1 ? std::numeric_limits<double>::infinity()
                                            : -std::numeric_limits<double>::infinity();
            values[rng.below(values.size())] = bad;
        }
        test::Scratch dir;
        auto tensors = test::statesTensors({0, 1}, n, d, values, dtype, true);
        if (dtype == io::DType::F16)  // the test encoder handles finite values only
            for (std::size_t i = 0; i < values.size(); ++i)
                if (!std::isfinite(values[i])) {
                    const std::uint16_t bits = std::isnan(values[i]) ? 0x7E00
                                               : values[i] > 0       ? 0x7C00
                                                                     : 0xFC00;
                    std::memcpy(tensors[0].bytes.data() + 2 * i, &bits, 2);
                }
        std::vector<std::int64_t> labels(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i) labels[static_cast<std::size_t>(i)] = i % 2;
        tensors.push_back(intTensor("label", labels));
        io::writeSafetensors(dir / "nan.safetensors", tensors, {});
        const ProbeDataset ds = ProbeDataset::open(dir / "nan.safetensors");
        for (int l = 0; l < 2; ++l) {
            std::vector<std::int64_t> bad;
            for (std::int64_t r = 0; r < n; ++r)
                for (std::int64_t c = 0; c < d; ++c)
                    if (!std::isfinite(values[static_cast<std::size_t>((l * n + r) * d + c)])) {
                        bad.push_back(r);
                        break;
                    }
            const auto first = firstNonFiniteRow(allRows(ds.layer(l)));
            if (bad.empty()) {
                EXPECT_FALSE(first);
                continue;
            }
            ASSERT_TRUE(first);
            EXPECT_EQ(*first, bad.front());
            // Every bad row is reported when asked for; the other rows pass.
            for (const std::int64_t r : bad) {
                const std::string m = messageOf<InputError>([&] { ds.checkFinite(l, {r}); });
                EXPECT_NE(m.find("nan.safetensors: hidden[" + std::to_string(l) + "] (layer " +
                                 std::to_string(l) + "): row " + std::to_string(r) +
                                 " is not finite (NaN or inf); remove or fix it"),
                          std::string::npos)
                    << m;
            }
            std::vector<std::int64_t> good;
            for (std::int64_t r = 0; r < n; ++r)
                if (std::find(bad.begin(), bad.end(), r) == bad.end()) good.push_back(r);
            EXPECT_NO_THROW(ds.checkFinite(l, good));
            // A subset view finds its own first bad row, indexed within the view.
            std::vector<std::int64_t> tail(good.begin(), good.end());
            tail.push_back(bad.back());
            EXPECT_EQ(firstNonFiniteRow(rowsOf(ds.layer(l), tail)),
                      static_cast<std::int64_t>(good.size()));
        }
    }
}

TEST(RowView, DoublesBufferRows) {
    const std::vector<double> buffer = {1, 2, 3, 4, 5, std::nan("")};
    const RowView v = rowsOfDoubles(buffer.data(), 3, 2);
    ASSERT_EQ(v.size(), 3);
    EXPECT_EQ(v.dtype, io::DType::F64);
    EXPECT_EQ(rowValues(v, 1), (std::vector<double>{3, 4}));
    EXPECT_EQ(firstNonFiniteRow(v), 2);
    EXPECT_EQ(firstNonFiniteRow(rowsOfDoubles(buffer.data(), 2, 2)), std::nullopt);
}

}  // namespace
}  // namespace assay::core::probes
