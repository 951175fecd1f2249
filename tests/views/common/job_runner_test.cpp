#include "views/common/job_runner.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "assay/core/error.h"

using assay::core::JobContext;
using assay::views::JobId;
using assay::views::JobRunner;
using assay::views::Lane;

namespace {

// Sleeps in small steps, reporting progress at each (and so stopping there when cancelled).
int sleepingWorkOnWorker(JobContext& ctx, int steps, int msPerStep, std::atomic<int>* calls) {
    for (int i = 0; i < steps; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(msPerStep));
        if (calls) ++*calls;
        ctx.progress(i + 1, steps);
    }
    return steps;
}

}  // namespace

TEST(JobRunner, DeliversResultOnGuiThread) {
    JobRunner runner;
    QObject receiver;
    QThread* resultThread = nullptr;
    QThread* workThread = nullptr;
    int result = 0;
    QSignalSpy finished(&runner, &JobRunner::jobFinished);
    runner.submit(
        QStringLiteral("t"), &receiver,
        [&workThread](JobContext&) {
            workThread = QThread::currentThread();
            return 42;
        },
        [&](int r) {
            result = r;
            resultThread = QThread::currentThread();
        });
    EXPECT_TRUE(runner.isBusy());
    ASSERT_TRUE(runner.waitForIdle(5000));
    EXPECT_EQ(result, 42);
    EXPECT_EQ(resultThread, QCoreApplication::instance()->thread());
    EXPECT_NE(workThread, QCoreApplication::instance()->thread());
    EXPECT_EQ(finished.count(), 1);
}

TEST(JobRunner, DeviceLaneRunsEveryJobOnOneThread) {
    JobRunner runner;
    std::atomic<QThread*> first{nullptr};
    std::atomic<int> sameThread{0};
    for (int i = 0; i < 5; ++i) {
        runner.submit(
            QString(), nullptr,
            [&](JobContext&) {
                QThread* expected = nullptr;
                first.compare_exchange_strong(expected, QThread::currentThread());
                if (first.load() == QThread::currentThread()) ++sameThread;
            },
            [] {});
    }
    ASSERT_TRUE(runner.waitForIdle(5000));
    EXPECT_EQ(sameThread.load(), 5);
}

TEST(JobRunner, NewerTagSupersedesOlderJob) {
    JobRunner runner;
    QObject receiver;
    std::atomic<int> firstCalls{0};
    std::atomic<bool> firstStarted{false};
    bool firstDelivered = false, queuedRan = false, queuedDelivered = false;
    int lastResult = 0;
    QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);

    const JobId first = runner.submit(
        QStringLiteral("slider"), &receiver,
        [&](JobContext& ctx) {
            firstStarted = true;
            return sleepingWorkOnWorker(ctx, 1000, 5, &firstCalls);
        },
        [&](int) { firstDelivered = true; });
    QElapsedTimer started;
    started.start();
    while (!firstStarted && started.elapsed() < 5000) QThread::msleep(1);
    ASSERT_TRUE(firstStarted);
    // Queued behind the first on the device lane, then superseded before it can run.
    runner.submit(
        QStringLiteral("slider"), &receiver,
        [&](JobContext&) {
            queuedRan = true;
            return 1;
        },
        [&](int) { queuedDelivered = true; });
    runner.submit(
        QStringLiteral("slider"), &receiver, [](JobContext&) { return 7; },
        [&](int r) { lastResult = r; });
    ASSERT_TRUE(runner.waitForIdle(5000));
    const int callsAtEnd = firstCalls.load();

    EXPECT_FALSE(firstDelivered);
    EXPECT_FALSE(queuedRan);
    EXPECT_FALSE(queuedDelivered);
    EXPECT_EQ(lastResult, 7);
    EXPECT_LT(callsAtEnd, 1000);  // stopped at a progress call, long before its end
    ASSERT_EQ(cancelled.count(), 2);
    EXPECT_EQ(cancelled.at(0).at(0).value<JobId>(), first);
    QThread::msleep(50);
    EXPECT_EQ(firstCalls.load(), callsAtEnd);  // and it did not go on running
}

TEST(JobRunner, DeletedReceiverGetsNothing) {
    JobRunner runner;
    auto receiver = std::make_unique<QObject>();
    bool delivered = false, errored = false;
    std::atomic<bool> release{false};
    QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
    runner.submit(
        QStringLiteral("r"), receiver.get(),
        [&](JobContext& ctx) {
            while (!release) QThread::msleep(1);
            ctx.progress(1, 1);
            return 1;
        },
        [&](int) { delivered = true; }, [&](const QString&) { errored = true; });
    receiver.reset();
    release = true;
    runner.waitForIdle(5000);
    QTest::qWait(50);
    EXPECT_FALSE(delivered);
    EXPECT_FALSE(errored);
    EXPECT_EQ(cancelled.count(), 1);
}

TEST(JobRunner, ErrorReachesOnErrorWithItsMessage) {
    JobRunner runner;
    QObject receiver;
    QString message;
    bool delivered = false;
    QSignalSpy failed(&runner, &JobRunner::jobFailed);
    runner.submit(
        QStringLiteral("e"), &receiver,
        [](JobContext&) -> int {
            throw assay::core::ParameterError("alpha", "1.5 is outside (0, 1)");
        },
        [&](int) { delivered = true; }, [&](const QString& m) { message = m; }, Lane::Io);
    ASSERT_TRUE(runner.waitForIdle(5000));
    EXPECT_FALSE(delivered);
    EXPECT_TRUE(message.contains(QStringLiteral("1.5 is outside (0, 1)"))) << message.toStdString();
    ASSERT_EQ(failed.count(), 1);
    EXPECT_EQ(failed.at(0).at(1).toString(), message);
}

TEST(JobRunner, OtherExceptionsFailToo) {
    JobRunner runner;
    QString message;
    runner.submit(
        QString(), nullptr, [](JobContext&) -> int { throw std::runtime_error("disk on fire"); },
        [](int) {}, [&](const QString& m) { message = m; });
    ASSERT_TRUE(runner.waitForIdle(5000));
    EXPECT_EQ(message, QStringLiteral("disk on fire"));
}

TEST(JobRunner, GuiThreadKeepsProcessingEventsWhileAJobRuns) {
    JobRunner runner;
    int ticks = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&ticks] { ++ticks; });
    timer.start(20);
    QElapsedTimer clock;
    clock.start();
    runner.submit(
        QString(), nullptr,
        [](JobContext& ctx) { return sleepingWorkOnWorker(ctx, 30, 10, nullptr); }, [](int) {});
    const qint64 submitTook = clock.elapsed();
    ASSERT_TRUE(runner.waitForIdle(5000));
    EXPECT_LT(submitTook, 100);  // submit does not block
    EXPECT_GE(ticks, 5);
}

TEST(JobRunner, ProgressIsThrottledAndEndsWithTheLastValue) {
    JobRunner runner;
    QSignalSpy progress(&runner, &JobRunner::progressChanged);
    QSignalSpy stage(&runner, &JobRunner::stageChanged);
    runner.submit(
        QString(), nullptr,
        [](JobContext& ctx) {
            ctx.stage("counting");
            for (int i = 1; i <= 300; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                ctx.progress(i, 300);
            }
            return 0;
        },
        [](int) {});
    ASSERT_TRUE(runner.waitForIdle(5000));
    ASSERT_GE(progress.count(), 1);
    EXPECT_LT(progress.count(), 60);  // 300 calls in well over 300 ms: about 20 per second
    EXPECT_EQ(progress.last().at(1).toLongLong(), 300);
    EXPECT_EQ(progress.last().at(2).toLongLong(), 300);
    ASSERT_GE(stage.count(), 1);
    EXPECT_EQ(stage.last().at(1).toString(), QStringLiteral("counting"));
}

TEST(JobRunner, CancelByTagReportsCancelled) {
    JobRunner runner;
    bool delivered = false;
    QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
    runner.submit(
        QStringLiteral("long"), nullptr,
        [](JobContext& ctx) { return sleepingWorkOnWorker(ctx, 1000, 2, nullptr); },
        [&](int) { delivered = true; });
    runner.cancel(QStringLiteral("long"));
    EXPECT_FALSE(runner.isBusy());
    EXPECT_EQ(cancelled.count(), 1);
    QTest::qWait(100);
    EXPECT_FALSE(delivered);
}

TEST(JobRunner, MoveOnlyResultsAreDelivered) {
    JobRunner runner;
    int value = 0;
    runner.submit(
        QString(), nullptr, [](JobContext&) { return std::make_unique<int>(5); },
        [&](std::unique_ptr<int> p) { value = *p; });
    ASSERT_TRUE(runner.waitForIdle(5000));
    EXPECT_EQ(value, 5);
}

TEST(JobRunner, PartialResultsArriveBeforeTheFinalOne) {
    JobRunner runner;
    QList<int> partials;
    bool finishedAfterPartial = false;
    QObject::connect(&runner, &JobRunner::partialReady,
                     [&](JobId, const std::any& p) { partials << std::any_cast<int>(p); });
    QObject::connect(&runner, &JobRunner::jobFinished,
                     [&](JobId) { finishedAfterPartial = !partials.isEmpty(); });
    runner.submit(
        QString(), nullptr,
        [](JobContext& ctx) {
            ctx.publish(std::any(3));
            return 4;
        },
        [](int) {});
    ASSERT_TRUE(runner.waitForIdle(5000));
    ASSERT_EQ(partials.size(), 1);
    EXPECT_EQ(partials.first(), 3);
    EXPECT_TRUE(finishedAfterPartial);
}
