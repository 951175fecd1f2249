#include "assay/core/parallel.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "assay/core/runtime.h"

namespace assay::core {

int parallelWorkers(std::int64_t n, int maxWorkers) {
    if (n <= 0) return 0;
    const std::int64_t w = std::min<std::int64_t>({n, maxWorkers, computeThreads()});
    return static_cast<int>(std::max<std::int64_t>(1, w));
}

void parallelFor(std::int64_t begin, std::int64_t end, int maxWorkers, const ParallelBody& body) {
    const int workers = parallelWorkers(end - begin, maxWorkers);
    if (workers == 0) return;
    // q and r instead of n*w/W: no overflow for any n.
    const std::int64_t q = (end - begin) / workers, r = (end - begin) % workers;
    auto chunkBegin = [&](int w) { return begin + w * q + std::min<std::int64_t>(w, r); };

    // Written by whichever worker fails first, read only after every thread is joined.
    std::mutex mutex;
    std::exception_ptr failure;
    auto run = [&](int w) noexcept {
        try {
            body(w, chunkBegin(w), chunkBegin(w + 1));
        } catch (...) {
            const std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(workers - 1));
    int started = 1;
    try {
        for (; started < workers; ++started) pool.emplace_back(run, started);
    } catch (const std::system_error&) {
        // Out of threads: the calling thread does the rest, so the result does not change.
    }
    run(0);
    for (int w = started; w < workers; ++w) run(w);
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace assay::core
