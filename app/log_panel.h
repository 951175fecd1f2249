#pragma once
// The log dock's content: what ran (with its parameters), warnings and errors, time-stamped,
// newest last. Views feed it through ViewBase::logMessage / errorOccurred; the JobRunner's
// events (started, finished with its duration, cancelled, failed) are added by watchJobs().
#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include "views/common/job_runner.h"

class QTreeWidget;

namespace assay::app {

class LogPanel : public QWidget {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);

    void watchJobs(views::JobRunner& runner);

    int entryCount() const;
    // "level\ttext" of entry i, for tests.
    QString entryText(int i) const;

public slots:
    // level: "info", "warning" or "error" (errors are shown in red).
    void addEntry(const QString& level, const QString& text);
    void clear();

private:
    QTreeWidget* m_list;
    struct Running {
        QString title;
        QElapsedTimer timer;
    };
    QHash<views::JobId, Running> m_running;
};

}  // namespace assay::app
