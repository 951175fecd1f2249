#pragma once
// The status bar's job corner: the running job's title and stage, a progress bar and a Cancel
// button that cancels that job. Hidden while the runner is idle.
#include <QWidget>

#include "views/common/job_runner.h"

class QLabel;
class QProgressBar;
class QToolButton;

namespace assay::app {

class JobStatus : public QWidget {
    Q_OBJECT
public:
    explicit JobStatus(views::JobRunner& runner, QWidget* parent = nullptr);

    views::JobId currentJob() const { return m_current; }

private:
    void onJobStarted(views::JobId id, const QString& title);
    void onJobEnded(views::JobId id);
    void onCancelClicked();

    views::JobRunner& m_runner;
    views::JobId m_current = 0;
    QString m_title;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};

}  // namespace assay::app
