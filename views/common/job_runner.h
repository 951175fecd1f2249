#pragma once
// The one job runner: runs core computations (which take an assay::core::JobContext&) off the
// GUI thread and brings their results, progress and errors back to it.
//  - Lane::Device jobs run one at a time, in submission order, on one dedicated thread that is
//    never retired: LibTorch keeps the current device and stream per thread.
//  - Lane::Io jobs (file parsing) run on a pool sized to the cores.
//  - A job submitted with a tag cancels the older queued or running job with the same tag, so a
//    slider drag computes only the newest setting: a superseded queued job never runs, a running
//    one stops at its next JobContext::progress() call. Only the newest result is delivered.
//  - onResult / onError run on the GUI thread, and only while `receiver` exists (when one was
//    given); a job whose receiver is destroyed is cancelled. Cancelled jobs deliver nothing.
//  - Every accepted job emits jobStarted, then exactly one of jobFinished / jobCancelled /
//    jobFailed. A cancel is reported at once (the worker may still be unwinding; the device
//    lane runs the next job after it returns). progressChanged, stageChanged and partialReady are
//    throttled to 20 per second per job and the latest state is always emitted before the job's
//    final signal.
// Create it on the GUI thread; call every member from there.
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <any>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

#include "assay/jobs/job_context.h"

namespace assay::views {

using JobId = quint64;

enum class Lane { Device, Io };

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    // Cancels every job and waits for the workers to return (they stop at their next progress).
    ~JobRunner() override;

    // Runs work(JobContext&) -> R on `lane`; then onResult(R) (or onResult() for void) on the GUI
    // thread. Errors (assay::core::Error and any other std::exception) go to onError with the
    // message and to jobFailed. An empty tag never supersedes anything. `title` (default: the tag)
    // is what a task list shows.
    template <class Work, class OnResult>
    JobId submit(const QString& tag, QObject* receiver, Work work, OnResult onResult,
                 std::function<void(QString)> onError = {}, Lane lane = Lane::Device,
                 const QString& title = {});

    bool isBusy() const { return !m_jobs.isEmpty(); }
    // Whether a job whose receiver is `owner` or one of its descendants is queued or running
    // (a view asks for itself and its controller).
    bool hasJobsFor(const QObject* owner) const;
    // For tests and `assay render`: runs a local event loop (never call it from a worker) until
    // no job is left or `ms` passed. Returns whether the runner is idle.
    bool waitForIdle(int ms);

public slots:
    void cancel(assay::views::JobId id);
    void cancel(const QString& tag);
    void cancelAll();

signals:
    void jobStarted(assay::views::JobId id, const QString& tag, const QString& title);
    void progressChanged(assay::views::JobId id, qint64 done, qint64 total);
    void stageChanged(assay::views::JobId id, const QString& stage);
    void partialReady(assay::views::JobId id, const std::any& partial);
    void jobFinished(assay::views::JobId id);
    void jobCancelled(assay::views::JobId id);
    // `handled`: an onError handler received the message (and reports it: the log adds no
    // second entry for it).
    void jobFailed(assay::views::JobId id, const QString& message, bool handled);
    void busyChanged(bool busy);

private:
    struct Job;
    // A type-erased job: the result travels as a shared_ptr so move-only results work.
    struct Spec {
        QString tag;
        QString title;
        Lane lane = Lane::Device;
        QObject* receiver = nullptr;
        std::function<std::shared_ptr<void>(core::JobContext&)> workOnWorker;
        std::function<void(std::shared_ptr<void>)> deliver;
        std::function<void(QString)> onError;
    };
    enum class Outcome { Done, Cancelled, Failed };

    JobId submitErased(Spec spec);
    static void runOnWorker(JobRunner* runner, const std::shared_ptr<Job>& job);
    void onFlushRequested(JobId id);
    void flush(Job& job);
    void forget(Job& job);  // drops the tag entry and the receiver connection
    void onJobEnded(JobId id, Outcome outcome, std::shared_ptr<void> result, QString message);
    void deliverResult(Job& job, Outcome outcome, std::shared_ptr<void> result,
                       const QString& message);

    QThreadPool m_devicePool;
    // Io jobs get a pool of their own (sized like the global one) so that the destructor can
    // wait for exactly its own workers.
    QThreadPool m_ioPool;
    QHash<JobId, std::shared_ptr<Job>> m_jobs;
    QHash<QString, JobId> m_latestByTag;
    JobId m_nextId = 1;
};

template <class Work, class OnResult>
JobId JobRunner::submit(const QString& tag, QObject* receiver, Work work, OnResult onResult,
                        std::function<void(QString)> onError, Lane lane, const QString& title) {
    using R = std::invoke_result_t<Work&, core::JobContext&>;
    Spec spec;
    spec.tag = tag;
    spec.title = title.isEmpty() ? tag : title;
    spec.lane = lane;
    spec.receiver = receiver;
    spec.onError = std::move(onError);
    if constexpr (std::is_void_v<R>) {
        spec.workOnWorker = [work = std::move(work)](core::JobContext& ctx) mutable {
            work(ctx);
            return std::shared_ptr<void>();
        };
        spec.deliver = [onResult = std::move(onResult)](std::shared_ptr<void>) mutable {
            onResult();
        };
    } else {
        spec.workOnWorker = [work = std::move(work)](core::JobContext& ctx) mutable {
            return std::shared_ptr<void>(std::make_shared<R>(work(ctx)));
        };
        spec.deliver = [onResult = std::move(onResult)](std::shared_ptr<void> result) mutable {
            onResult(std::move(*std::static_pointer_cast<R>(result)));
        };
    }
    return submitErased(std::move(spec));
}

}  // namespace assay::views
