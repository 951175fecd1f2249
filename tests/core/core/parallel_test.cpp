#include "assay/core/parallel.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "assay/core/runtime.h"

namespace assay::core {
namespace {

// Eight compute threads on any machine, so that the tests see several workers; set before the
// runtime is first asked (each discovered test runs in its own process).
const bool kEightThreads = [] { return ::setenv("ASSAY_THREADS", "8", 1) == 0; }();

using Chunk = std::tuple<int, std::int64_t, std::int64_t>;  // worker, begin, end

std::vector<Chunk> chunksOf(std::int64_t begin, std::int64_t end, int maxWorkers) {
    std::mutex mutex;
    std::vector<Chunk> chunks;
    parallelFor(begin, end, maxWorkers, [&](int w, std::int64_t b, std::int64_t e) {
        const std::lock_guard<std::mutex> lock(mutex);
        chunks.emplace_back(w, b, e);
    });
    std::sort(chunks.begin(), chunks.end());
    return chunks;
}

TEST(ParallelFor, UsesTheConfiguredThreads) {
    ASSERT_TRUE(kEightThreads);
    EXPECT_EQ(computeThreads(), 8);
    EXPECT_EQ(parallelWorkers(1000, 4), 4);
    EXPECT_EQ(parallelWorkers(1000, 100), 8);
    EXPECT_EQ(parallelWorkers(3, 100), 3);
    EXPECT_EQ(parallelWorkers(1000, 0), 1);
    EXPECT_EQ(parallelWorkers(0, 8), 0);
    EXPECT_EQ(parallelWorkers(-5, 8), 0);
}

TEST(ParallelFor, CoversEveryIndexExactlyOnceWithWorkerIdsBelowTheWorkerCount) {
    const std::int64_t begin = 5, end = 1005;
    std::vector<std::atomic<int>> hits(static_cast<std::size_t>(end));
    std::atomic<int> badWorker{0};
    const int workers = parallelWorkers(end - begin, 6);
    parallelFor(begin, end, 6, [&](int w, std::int64_t b, std::int64_t e) {
        if (w < 0 || w >= workers) ++badWorker;
        for (std::int64_t i = b; i < e; ++i) ++hits[static_cast<std::size_t>(i)];
    });
    EXPECT_EQ(badWorker.load(), 0);
    for (std::int64_t i = 0; i < end; ++i)
        EXPECT_EQ(hits[static_cast<std::size_t>(i)].load(), i < begin ? 0 : 1) << "index " << i;
}

TEST(ParallelFor, PartitionIsContiguousBalancedAndTheSameEveryRun) {
    const std::vector<Chunk> chunks = chunksOf(10, 33, 5);  // 23 indices: 5, 5, 5, 4, 4
    const std::vector<Chunk> expected = {
        {0, 10, 15}, {1, 15, 20}, {2, 20, 25}, {3, 25, 29}, {4, 29, 33}};
    EXPECT_EQ(chunks, expected);
    for (int run = 0; run < 20; ++run) EXPECT_EQ(chunksOf(10, 33, 5), expected);
}

TEST(ParallelFor, WorkerZeroRunsOnTheCallingThread) {
    std::thread::id zero, other;
    std::mutex mutex;
    std::vector<std::thread::id> rest;
    parallelFor(0, 100, 4, [&](int w, std::int64_t, std::int64_t) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (w == 0)
            zero = std::this_thread::get_id();
        else
            rest.push_back(std::this_thread::get_id());
    });
    EXPECT_EQ(zero, std::this_thread::get_id());
    ASSERT_EQ(rest.size(), 3u);
    for (const auto& id : rest) EXPECT_NE(id, std::this_thread::get_id());
}

TEST(ParallelFor, FewerIndicesThanWorkersGiveOneIndexEach) {
    const std::vector<Chunk> expected = {{0, 7, 8}, {1, 8, 9}, {2, 9, 10}};
    EXPECT_EQ(chunksOf(7, 10, 8), expected);
}

TEST(ParallelFor, EmptyOrReversedRangeCallsNothing) {
    int calls = 0;
    parallelFor(4, 4, 8, [&](int, std::int64_t, std::int64_t) { ++calls; });
    parallelFor(9, 2, 8, [&](int, std::int64_t, std::int64_t) { ++calls; });
    EXPECT_EQ(calls, 0);
}

TEST(ParallelFor, ExceptionOfANonZeroWorkerIsRethrownAfterEveryWorkerFinished) {
    std::atomic<int> finished{0};
    try {
        parallelFor(0, 800, 8, [&](int w, std::int64_t, std::int64_t) {
            if (w == 3) throw std::runtime_error("worker 3 failed");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            ++finished;
        });
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "worker 3 failed");
    }
    EXPECT_EQ(finished.load(), 7);
}

TEST(ParallelFor, OneOfSeveralExceptionsIsRethrown) {
    try {
        parallelFor(0, 8, 8, [&](int w, std::int64_t, std::int64_t) {
            throw std::runtime_error("worker " + std::to_string(w));
        });
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("worker ", 0), 0u) << what;
    }
}

TEST(ParallelFor, PerWorkerPartialsMergedInOrderAreReproducible) {
    // Float sums depend on the grouping; the same worker count must give the same bits.
    std::vector<double> values(10007);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = 1.0 / (1.0 + static_cast<double>(i));
    auto sum = [&](int maxWorkers) {
        std::vector<double> partial(static_cast<std::size_t>(parallelWorkers(10007, maxWorkers)));
        parallelFor(0, 10007, maxWorkers, [&](int w, std::int64_t b, std::int64_t e) {
            for (std::int64_t i = b; i < e; ++i) partial[w] += values[static_cast<std::size_t>(i)];
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    };
    for (int workers = 1; workers <= 8; ++workers) {
        const double first = sum(workers);
        for (int run = 0; run < 5; ++run) EXPECT_EQ(sum(workers), first) << workers << " workers";
    }
}

}  // namespace
}  // namespace assay::core
