#include "views/common/job_runner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>
#include <mutex>
#include <optional>

#include "assay/core/error.h"

namespace assay::views {

namespace {
// 20 signals per second per job: smooth enough for a progress bar, cheap for the GUI thread.
constexpr qint64 kMinFlushIntervalMs = 50;
}  // namespace

// State shared by the worker (which writes it through the context) and the GUI thread (which
// reads it in flush()). Only the latest progress, stage and partial are kept.
struct JobRunner::Job {
    class Context : public core::JobContext {
    public:
        explicit Context(Job& job) : m_job(job) {}

    protected:
        void onProgress(std::int64_t done, std::int64_t total) override {
            m_job.updateOnWorker([&] {
                m_job.done = done;
                m_job.total = total;
                m_job.progressDirty = true;
            });
        }
        void onStage(std::string_view name) override {
            m_job.updateOnWorker([&] {
                m_job.stage = QString::fromUtf8(name.data(), qsizetype(name.size()));
                m_job.stageDirty = true;
            });
        }
        void onPublish(std::any partial) override {
            m_job.updateOnWorker([&] { m_job.partial = std::move(partial); });
        }

    private:
        Job& m_job;
    };

    Job(JobRunner* owner, JobId jobId, Spec jobSpec)
        : runner(owner),
          id(jobId),
          spec(std::move(jobSpec)),
          receiver(spec.receiver),
          hadReceiver(spec.receiver != nullptr),
          context(*this) {}

    // Changes the shared state, then asks the GUI thread to flush it. At most one flush request
    // is in the GUI thread's queue per job; flush() re-arms it before reading, so none is lost.
    template <class Change>
    void updateOnWorker(Change change) {
        {
            std::lock_guard lock(mutex);
            change();
        }
        if (flushPending.exchange(true)) return;
        JobRunner* owner = runner;
        const JobId jobId = id;
        QMetaObject::invokeMethod(
            owner, [owner, jobId] { owner->onFlushRequested(jobId); }, Qt::QueuedConnection);
    }

    JobRunner* runner;
    const JobId id;
    Spec spec;
    QPointer<QObject> receiver;
    const bool hadReceiver;
    QMetaObject::Connection receiverConnection;
    Context context;

    std::mutex mutex;
    qint64 done = 0;
    qint64 total = 0;
    bool progressDirty = false;
    QString stage;
    bool stageDirty = false;
    std::optional<std::any> partial;
    std::atomic<bool> flushPending{false};

    // GUI thread only.
    QElapsedTimer sinceFlush;
    bool flushScheduled = false;
};

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    m_devicePool.setObjectName(QStringLiteral("assay-device"));
    m_devicePool.setMaxThreadCount(1);
    m_devicePool.setExpiryTimeout(-1);  // keep the same OS thread: device state is per thread
    m_ioPool.setObjectName(QStringLiteral("assay-io"));
    m_ioPool.setMaxThreadCount(QThread::idealThreadCount());
}

JobRunner::~JobRunner() {
    // Jobs are cancelled, so workers return at their next progress call; their queued
    // completion events die with this object.
    for (const auto& job : std::as_const(m_jobs)) job->context.cancel();
    m_devicePool.waitForDone();
    m_ioPool.waitForDone();
}

JobId JobRunner::submitErased(Spec spec) {
    if (!spec.tag.isEmpty()) cancel(spec.tag);  // the older job with this tag (queued or running)
    const JobId id = m_nextId++;
    auto job = std::make_shared<Job>(this, id, std::move(spec));
    if (job->hadReceiver) {
        // A view that closes takes its computations with it.
        job->receiverConnection =
            connect(job->spec.receiver, &QObject::destroyed, this, [this, id] { cancel(id); });
    }
    const bool wasIdle = m_jobs.isEmpty();
    m_jobs.insert(id, job);
    if (!job->spec.tag.isEmpty()) m_latestByTag.insert(job->spec.tag, id);

    emit jobStarted(id, job->spec.tag, job->spec.title);
    if (wasIdle) emit busyChanged(true);
    QThreadPool& pool = job->spec.lane == Lane::Device ? m_devicePool : m_ioPool;
    pool.start([this, job] { runOnWorker(this, job); });
    return id;
}

void JobRunner::runOnWorker(JobRunner* runner, const std::shared_ptr<Job>& job) {
    Outcome outcome = Outcome::Failed;
    std::shared_ptr<void> result;
    QString message;
    if (job->context.isCancelled()) {
        outcome = Outcome::Cancelled;  // superseded while queued: never runs
    } else {
        try {
            result = job->spec.workOnWorker(job->context);
            outcome = Outcome::Done;
        } catch (const core::JobCancelled&) {
            outcome = Outcome::Cancelled;
        } catch (const std::exception& e) {  // assay::core::Error and everything else
            message = QString::fromUtf8(e.what());
        } catch (...) {
            message = tr("The computation failed with an unknown error.");
        }
    }
    const JobId id = job->id;
    QMetaObject::invokeMethod(
        runner,
        [runner, id, outcome, result = std::move(result), message]() mutable {
            runner->onJobEnded(id, outcome, std::move(result), message);
        },
        Qt::QueuedConnection);
}

void JobRunner::onFlushRequested(JobId id) {
    const std::shared_ptr<Job> job = m_jobs.value(id);
    if (!job || job->flushScheduled) return;
    const qint64 wait =
        job->sinceFlush.isValid() ? kMinFlushIntervalMs - job->sinceFlush.elapsed() : 0;
    if (wait <= 0) {
        flush(*job);
        return;
    }
    job->flushScheduled = true;
    QTimer::singleShot(int(wait), this, [this, id] {
        if (const std::shared_ptr<Job> later = m_jobs.value(id)) {
            later->flushScheduled = false;
            flush(*later);
        }
    });
}

void JobRunner::flush(Job& job) {
    job.flushPending.store(false);  // before reading: an update after the read posts again
    qint64 done = 0, total = 0;
    bool progressDirty = false, stageDirty = false;
    QString stage;
    std::optional<std::any> partial;
    {
        std::lock_guard lock(job.mutex);
        std::swap(progressDirty, job.progressDirty);
        std::swap(stageDirty, job.stageDirty);
        done = job.done;
        total = job.total;
        stage = job.stage;
        partial.swap(job.partial);
    }
    job.sinceFlush.start();
    if (stageDirty) emit stageChanged(job.id, stage);
    if (progressDirty) emit progressChanged(job.id, done, total);
    if (partial) emit partialReady(job.id, *partial);
}

void JobRunner::onJobEnded(JobId id, Outcome outcome, std::shared_ptr<void> result,
                           QString message) {
    // Unknown ids were cancelled already (and reported then).
    const std::shared_ptr<Job> job = m_jobs.take(id);
    if (!job) return;
    forget(*job);
    if (outcome != Outcome::Cancelled) flush(*job);
    deliverResult(*job, outcome, std::move(result), message);
    if (m_jobs.isEmpty()) emit busyChanged(false);
}

void JobRunner::deliverResult(Job& job, Outcome outcome, std::shared_ptr<void> result,
                              const QString& message) {
    const bool receiverAlive = !job.hadReceiver || !job.receiver.isNull();
    if (outcome == Outcome::Cancelled) {
        emit jobCancelled(job.id);
        return;
    }
    QString error = message;
    if (outcome == Outcome::Done && receiverAlive) {
        // Exceptions must not unwind through Qt's event loop: a failing handler is a failed job.
        try {
            job.spec.deliver(std::move(result));
        } catch (const std::exception& e) {
            outcome = Outcome::Failed;
            error = QString::fromUtf8(e.what());
        }
    }
    if (outcome == Outcome::Done) {
        emit jobFinished(job.id);
        return;
    }
    const bool handled = receiverAlive && job.spec.onError;
    if (handled) job.spec.onError(error);
    emit jobFailed(job.id, error, handled);
}

void JobRunner::cancel(JobId id) {
    // Reported at once so a task list reacts immediately; the worker stops at its next progress
    // call and its late completion is ignored.
    const std::shared_ptr<Job> job = m_jobs.take(id);
    if (!job) return;
    job->context.cancel();
    forget(*job);
    emit jobCancelled(id);
    if (m_jobs.isEmpty()) emit busyChanged(false);
}

void JobRunner::forget(Job& job) {
    if (m_latestByTag.value(job.spec.tag) == job.id) m_latestByTag.remove(job.spec.tag);
    disconnect(job.receiverConnection);
}

bool JobRunner::hasJobsFor(const QObject* owner) const {
    for (const std::shared_ptr<Job>& job : m_jobs) {
        for (const QObject* o = job->receiver.data(); o; o = o->parent())
            if (o == owner) return true;
    }
    return false;
}

void JobRunner::cancel(const QString& tag) {
    if (m_latestByTag.contains(tag)) cancel(m_latestByTag.value(tag));
}

void JobRunner::cancelAll() {
    for (JobId id : m_jobs.keys())  // a copy: cancel() erases from m_jobs
        cancel(id);
}

bool JobRunner::waitForIdle(int ms) {
    if (!isBusy()) return true;
    QEventLoop loop;
    connect(this, &JobRunner::busyChanged, &loop, [&](bool busy) {
        if (!busy) loop.quit();
    });
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    return !isBusy();
}

}  // namespace assay::views
