#include "app/job_status.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "app/app_style.h"

namespace assay::app {

using views::JobId;
using views::JobRunner;

JobStatus::JobStatus(JobRunner& runner, QWidget* parent)
    : QWidget(parent),
      m_runner(runner),
      m_label(new QLabel(this)),
      m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this)) {
    m_bar->setFixedWidth(160);
    m_bar->setMaximumHeight(16);
    m_bar->setTextVisible(false);
    m_cancel->setIcon(appIcon(QStringLiteral("cancel")));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running computation"));
    m_cancel->setAutoRaise(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    setVisible(false);

    connect(m_cancel, &QToolButton::clicked, this, &JobStatus::onCancelClicked);
    connect(&runner, &JobRunner::jobStarted, this,
            [this](JobId id, const QString&, const QString& title) { onJobStarted(id, title); });
    connect(&runner, &JobRunner::progressChanged, this,
            [this](JobId id, qint64 done, qint64 total) {
                if (id != m_current) return;
                if (total <= 0) {
                    m_bar->setRange(0, 0);  // busy indicator
                    return;
                }
                // QProgressBar is int: scale to per-mille so that huge totals do not overflow.
                m_bar->setRange(0, 1000);
                m_bar->setValue(int(1000.0 * double(done) / double(total)));
            });
    connect(&runner, &JobRunner::stageChanged, this, [this](JobId id, const QString& stage) {
        if (id == m_current)
            m_label->setText(stage.isEmpty() ? m_title : m_title + QStringLiteral(": ") + stage);
    });
    connect(&runner, &JobRunner::busyChanged, this, &JobStatus::setVisible);
    connect(&runner, &JobRunner::jobFinished, this, &JobStatus::onJobEnded);
    connect(&runner, &JobRunner::jobCancelled, this, &JobStatus::onJobEnded);
    connect(&runner, &JobRunner::jobFailed, this,
            [this](JobId id, const QString&, bool) { onJobEnded(id); });
}

void JobStatus::onJobStarted(JobId id, const QString& title) {
    m_current = id;
    m_title = title;
    m_label->setText(title);
    m_bar->setRange(0, 0);
    m_cancel->setEnabled(true);
    setVisible(true);
}

void JobStatus::onJobEnded(JobId id) {
    if (id != m_current) return;
    m_current = 0;
}

void JobStatus::onCancelClicked() {
    // An older job may still run after the newest one ended: then cancel what is left.
    if (m_current != 0)
        m_runner.cancel(m_current);
    else
        m_runner.cancelAll();
}

}  // namespace assay::app
