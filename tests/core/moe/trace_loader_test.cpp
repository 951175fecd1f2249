// Trace files: reading (indices of every integer width, router logits, domains), streaming
// equal to in-memory, and malformed traces rejected with the layer and tensor named.
#include "assay/moe/trace_loader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/moe/coactivation.h"
#include "coactivation_test_util.h"

namespace assay::core::moe {
namespace {

using io::DType;
using io::TensorToWrite;

template <typename T>
TensorToWrite tensor(std::string name, DType dtype, const std::vector<T>& values,
                     std::vector<std::int64_t> shape) {
    TensorToWrite t{std::move(name), dtype, std::move(shape), {}};
    t.bytes.resize(values.size() * sizeof(T));
    std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
    return t;
}

template <typename T>
std::vector<T> cast(const std::vector<std::int32_t>& v) {
    return std::vector<T>(v.begin(), v.end());
}

class TraceLoader : public ::testing::Test {
protected:
    io::test::ScratchDir dir;
    std::filesystem::path write(const std::vector<TensorToWrite>& t,
                                std::map<std::string, std::string> meta = {{"num_experts", "8"},
                                                                           {"top_k", "2"}}) {
        const auto path = dir / "trace.safetensors";
        io::writeSafetensors(path, t, meta);
        return path;
    }
    std::string errorOf(const std::vector<TensorToWrite>& t,
                        std::map<std::string, std::string> meta = {{"num_experts", "8"},
                                                                   {"top_k", "2"}}) {
        try {
            const TraceSource src = TraceSource::open(write(t, std::move(meta)));
            for (int l = 0; l < src.layerCount(); ++l) coactivation(src, l);
        } catch (const InputError& e) {
            return e.what();
        }
        return "no error";
    }
};

TEST_F(TraceLoader, ReadsEveryIndexWidthDomainsAndMetadata) {
    const auto a = test::randomRouting(50, 2, 8, 1), b = test::randomRouting(50, 2, 8, 2),
               c = test::randomRouting(50, 2, 8, 3);
    std::vector<std::int64_t> domain(50);
    for (int t = 0; t < 50; ++t) domain[t] = t % 3;
    const auto path =
        write({tensor("layers.0.topk_idx", DType::I64, cast<std::int64_t>(a), {50, 2}),
               tensor("layers.1.topk_idx", DType::I16, cast<std::int16_t>(b), {50, 2}),
               tensor("layers.2.topk_idx", DType::U8, cast<std::uint8_t>(c), {50, 2}),
               tensor("layers.1.topk_weight", DType::F32, std::vector<float>(100, 0.5f), {50, 2}),
               tensor("domain", DType::I64, domain, {50})},
              {{"num_experts", "8"},
               {"top_k", "2"},
               {"model", "toy"},
               {"domain_names", R"(["a","b","c"])"}});
    const RoutingTrace trace = loadTrace(path);
    EXPECT_EQ(trace.numExperts, 8);
    EXPECT_EQ(trace.topK, 2);
    EXPECT_EQ(trace.model, "toy");
    ASSERT_EQ(trace.layers.size(), 3u);
    EXPECT_EQ(trace.layers[0].topkIdx, a);
    EXPECT_EQ(trace.layers[1].topkIdx, b);
    EXPECT_EQ(trace.layers[2].topkIdx, c);
    EXPECT_EQ(trace.layers[1].topkWeight.size(), 100u);
    EXPECT_TRUE(trace.layers[0].topkWeight.empty());
    EXPECT_EQ(trace.domainNames, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(trace.domain[4], 1);
}

TEST_F(TraceLoader, StreamingInSmallChunksEqualsInMemory) {
    const auto a = test::randomRouting(1000, 4, 16, 9);
    const auto path = write({tensor("layers.0.topk_idx", DType::I32, a, {1000, 4})},
                            {{"num_experts", "16"}, {"top_k", "4"}});
    const TraceSource src = TraceSource::open(path);
    std::vector<std::int32_t> seen;
    std::int64_t calls = 0;
    src.forEachChunk(
        0, 33,
        [&](const std::int32_t* idx, std::int64_t rows) {
            EXPECT_LE(rows, 33);
            seen.insert(seen.end(), idx, idx + rows * 4);
            ++calls;
        },
        JobContext::none());
    EXPECT_EQ(seen, a);
    EXPECT_EQ(calls, (1000 + 32) / 33);
    EXPECT_EQ(coactivation(src, 0, JobContext::none(), 7).counts,
              coactivation(loadTrace(path).layers[0], 16).counts);
}

TEST_F(TraceLoader, CancelStopsBetweenChunks) {
    const auto path = write(
        {tensor("layers.0.topk_idx", DType::I32, test::randomRouting(100, 2, 8, 1), {100, 2})});
    JobContext job;
    job.cancel();
    EXPECT_THROW(coactivation(TraceSource::open(path), 0, job, 10), JobCancelled);
}

TEST_F(TraceLoader, DerivesTopKFromRouterLogits) {
    // Row 0 prefers 3 then 1; row 1 ties between 0 and 2 (lower index first) after 5.
    std::vector<float> logits = {0, 2, 0, 5, 0, 0, 0, 0, 1, 0, 1, 0, 0, 4, 0, 0};
    const auto path =
        write({tensor("layers.0.router_logits", DType::F32, logits, {2, 8})}, {{"top_k", "2"}});
    const RoutingTrace trace = loadTrace(path);
    EXPECT_EQ(trace.numExperts, 8);
    EXPECT_EQ(trace.layers[0].topkIdx, (std::vector<std::int32_t>{3, 1, 5, 0}));
    EXPECT_EQ(trace.layers[0].routerLogits, logits);
    EXPECT_NE(errorOf({tensor("layers.0.router_logits", DType::F32, logits, {2, 8})}, {})
                  .find("__metadata__.top_k: missing"),
              std::string::npos);
}

TEST_F(TraceLoader, InfersNumExpertsWithAWarning) {
    const auto path = write(
        {tensor("layers.0.topk_idx", DType::I32, std::vector<std::int32_t>{0, 5, 2, 1}, {2, 2})},
        {{"top_k", "2"}});
    const TraceSource src = TraceSource::open(path);
    EXPECT_EQ(src.numExperts(), 6);
    ASSERT_EQ(src.warnings().size(), 1u);
    EXPECT_NE(src.warnings()[0].find("inferred n = 6"), std::string::npos);
}

// Every non-finite router logit is refused with the tensor, the row (from 1) and the expert:
// ±Inf where the logits give the top-k, and NaN or Inf where topk_idx stands beside them.
TEST_F(TraceLoader, NonFiniteLogitsAreRefusedWithTensorAndRow) {
    const int T = 20, n = 8;
    const auto idx = cast<std::int32_t>(test::randomRouting(T, 2, n, 9));
    std::vector<float> logits(T * n);
    for (std::size_t i = 0; i < logits.size(); ++i) logits[i] = float(int(i * 37 % 11)) / 3.0f;
    for (float bad : {INFINITY, -INFINITY, NAN}) {
        auto l = logits;
        l[6 * n + 5] = bad;  // row 7, expert 5
        const std::string value = bad != bad ? "NaN" : bad > 0 ? "+Inf" : "-Inf";
        const std::string expected =
            "trace.safetensors: layers.0.router_logits: row 7: logit of "
            "expert 5 is " +
            value + " (router logits must be finite)";
        // Logits alone (top-k derived from them) and logits beside topk_idx.
        EXPECT_EQ(errorOf({tensor("layers.0.router_logits", DType::F32, l, {T, n})}), expected);
        EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, idx, {T, 2}),
                           tensor("layers.0.router_logits", DType::F32, l, {T, n})}),
                  expected);
        try {
            loadTrace(write({tensor("layers.0.topk_idx", DType::I32, idx, {T, 2}),
                             tensor("layers.0.router_logits", DType::F32, l, {T, n})}));
            ADD_FAILURE() << "loadTrace accepted " << value;
        } catch (const InputError& e) {
            EXPECT_EQ(e.what(), expected);
        }
    }
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, idx, {T, 2}),
                       tensor("layers.0.router_logits", DType::F32, logits, {T, n})}),
              "no error");
}

// Opening chosen layers reads and checks those alone: faults in the other layers (a non-finite
// logit, an index out of range, a wrong k) do not stop them, and all layers still fail.
TEST_F(TraceLoader, OnlyTheOpenedLayersAreCheckedAndRead) {
    const int T = 30, n = 8;
    const auto good = cast<std::int32_t>(test::randomRouting(T, 2, n, 5));
    auto outOfRange = good;
    outOfRange[7] = 99;
    std::vector<float> nanLogits(T * n, 0.5f);
    nanLogits[3] = NAN;
    const auto path =
        write({tensor("layers.0.topk_idx", DType::I32, outOfRange, {T, 2}),
               tensor("layers.1.topk_idx", DType::I32, good, {T, 2}),
               tensor("layers.1.router_logits", DType::F32, nanLogits, {T, n}),
               tensor("layers.2.topk_idx", DType::I32, std::vector<std::int32_t>(T * 3, 0), {T, 3}),
               tensor("layers.3.topk_idx", DType::I32, good, {T, 2})});
    const TraceSource only3 = TraceSource::open(path, {3});
    EXPECT_EQ(only3.layerCount(), 4);
    EXPECT_EQ(coactivation(only3, 3).counts,
              test::bruteForceCounts(std::vector<std::int32_t>(good.begin(), good.end()), 2, n));
    EXPECT_THROW(coactivation(only3, 1), ParameterError);  // not opened: not read
    EXPECT_THROW(TraceSource::open(path), InputError);     // layer 2's k
    const TraceSource first2 = TraceSource::open(path, {0, 1});
    EXPECT_THROW(coactivation(first2, 0), InputError);
    EXPECT_THROW(coactivation(first2, 1), InputError);
    EXPECT_THROW(TraceSource::open(path, {4}), ParameterError);
}

TEST_F(TraceLoader, MalformedTracesNameLayerAndTensor) {
    const auto good = cast<std::int32_t>(test::randomRouting(10, 2, 8, 4));
    auto bad = good;
    bad[2 * 2 + 1] = 8;  // the third row: messages count rows from 1
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, good, {10, 2}),
                       tensor("layers.1.topk_idx", DType::I32, bad, {10, 2})}),
              "trace.safetensors: layers.1.topk_idx: row 3: expert index 8 is outside [0, 8)");
    bad[2 * 2 + 1] = -3;
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, bad, {10, 2})}),
              "trace.safetensors: layers.0.topk_idx: row 3: expert index -3 is outside [0, 8)");
    bad[2 * 2 + 1] = bad[2 * 2];
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, bad, {10, 2})}),
              "trace.safetensors: layers.0.topk_idx: row 3: expert " + std::to_string(bad[4]) +
                  " appears twice");
    EXPECT_EQ(
        errorOf(
            {tensor("layers.0.topk_idx", DType::I32, good, {10, 2}),
             tensor("layers.1.topk_idx", DType::I32, std::vector<std::int32_t>(30, 0), {10, 3})}),
        "trace.safetensors: layers.1.topk_idx: has k = 3, expected 2 (top_k of the other layers)");
    EXPECT_EQ(
        errorOf(
            {tensor("layers.0.topk_idx", DType::I32, good, {10, 2}),
             tensor("layers.1.topk_idx", DType::I32, std::vector<std::int32_t>(18, 0), {9, 2})}),
        "trace.safetensors: layers.1.topk_idx: has 9 tokens, expected 10 (as layers.0.topk_idx)");
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, good, {10, 2}),
                       tensor("domain", DType::I32, std::vector<std::int32_t>(11, 0), {11})}),
              "trace.safetensors: domain: has 11 tokens, expected 10 (as layers.0.topk_idx)");
    EXPECT_EQ(
        errorOf({tensor("layers.0.topk_idx", DType::F32, std::vector<float>(20, 0.f), {10, 2})}),
        "trace.safetensors: layers.0.topk_idx: has dtype F32, expected an integer type (I64, I32, "
        "I16, I8, U8)");
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, good, {10, 2}),
                       tensor("layers.2.topk_idx", DType::I32, good, {10, 2})}),
              "trace.safetensors: layers.1.topk_idx: missing (layers are numbered 0..2; each needs "
              "topk_idx or router_logits)");
    EXPECT_EQ(
        errorOf({tensor("layers.0.topk_idx", DType::I32, good, {10, 2}),
                 tensor("layers.0.topk_weight", DType::F32, std::vector<float>(10, 0.f), {10, 1})}),
        "trace.safetensors: layers.0.topk_weight: has shape [10,1], expected [10,2] like the "
        "indices");
    EXPECT_EQ(errorOf({tensor("layers.0.topk_idx", DType::I32, good, {10, 2})},
                      {{"num_experts", "eight"}, {"top_k", "2"}}),
              "trace.safetensors: __metadata__.num_experts: 'eight' is not a positive integer");
    EXPECT_EQ(errorOf({tensor("token_ids", DType::I32, good, {20})}),
              "trace.safetensors: layers.0.topk_idx: not found: a routing trace needs "
              "layers.{l}.topk_idx or layers.{l}.router_logits");
}

TEST_F(TraceLoader, DomainOutsideTheNamesIsRejected) {
    const auto path =
        write({tensor("layers.0.topk_idx", DType::I32, test::randomRouting(4, 2, 8, 4), {4, 2}),
               tensor("domain", DType::I32, std::vector<std::int32_t>{0, 1, 2, 1}, {4})},
              {{"num_experts", "8"}, {"top_k", "2"}, {"domain_names", R"(["a","b"])"}});
    EXPECT_THROW(loadTrace(path), InputError);
}

}  // namespace
}  // namespace assay::core::moe
