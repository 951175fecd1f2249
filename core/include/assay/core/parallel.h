#pragma once
// The one CPU thread pool of core's own loops: a fork-join over a contiguous index range.
//
// parallelFor(begin, end, maxWorkers, body) splits [begin, end) into W contiguous chunks,
// W = parallelWorkers(n, maxWorkers) with n = end - begin, each n / W indices long and the
// first n % W one longer (in order: worker w gets the w-th chunk), and calls
// body(w, chunkBegin, chunkEnd) once per chunk, never with an empty chunk: worker 0 on the
// calling thread, workers 1..W-1 on threads started for this call. It returns when every
// worker has finished. The partition depends only on n and W, so a caller that keeps one
// partial result per worker and merges them in worker order gets the same numbers on every
// run with the same W; a caller whose per-index results are independent gets the same numbers
// for any W.
//
// Exceptions: every worker runs to its end; afterwards the first exception thrown (in time) by
// any worker is rethrown on the calling thread, the others are dropped. If the system refuses
// to start a thread, the chunks of the workers it could not start run on the calling thread.
//
// body runs concurrently with itself: it must only write what its worker owns. In particular
// JobContext::progress() (which may throw JobCancelled) belongs on the calling thread, between
// parallelFor calls, never inside body.
#include <cstdint>
#include <functional>

namespace assay::core {

using ParallelBody = std::function<void(int worker, std::int64_t begin, std::int64_t end)>;

// The number of workers parallelFor uses for n indices: min(maxWorkers, computeThreads(), n),
// at least 1 when n > 0, and 0 when n <= 0. Size per-worker scratch with it.
int parallelWorkers(std::int64_t n, int maxWorkers);

// See above. Does nothing when end <= begin.
void parallelFor(std::int64_t begin, std::int64_t end, int maxWorkers, const ParallelBody& body);

}  // namespace assay::core
