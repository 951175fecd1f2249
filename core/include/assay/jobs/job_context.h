#pragma once
// The Qt-free job API every long core computation takes.
//  - progress(done, total) reports and is the cancellation point: once cancel() was called,
//    the next progress() throws JobCancelled, so no half result escapes.
//  - stage(name) names the phase; publish(partial) hands out an intermediate result.
// Callers without a job pass JobContext::none().
#include <any>
#include <atomic>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace assay::core {

// Thrown from JobContext::progress() after a cancel. Deliberately not an Error: handlers that
// report bad input must not swallow a cancel.
class JobCancelled : public std::exception {
public:
    const char* what() const noexcept override { return "cancelled"; }
};

class JobContext {
public:
    JobContext() = default;
    JobContext(const JobContext&) = delete;
    JobContext& operator=(const JobContext&) = delete;
    virtual ~JobContext() = default;

    // Throws JobCancelled when a cancel was requested, then forwards to onProgress().
    void progress(std::int64_t done, std::int64_t total);
    void stage(std::string_view name) { onStage(name); }
    void publish(std::any partial) { onPublish(std::move(partial)); }

    // Thread-safe; may be called from any thread.
    void cancel() noexcept { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const noexcept { return m_cancelled.load(std::memory_order_relaxed); }
    // Throws JobCancelled if cancelled (for loops that report progress rarely).
    void throwIfCancelled() const;

    // A shared context that reports nowhere and is never cancelled.
    static JobContext& none();

protected:
    virtual void onProgress(std::int64_t done, std::int64_t total) {}
    virtual void onStage(std::string_view name) {}
    virtual void onPublish(std::any partial) {}

private:
    std::atomic<bool> m_cancelled{false};
};

}  // namespace assay::core
