#include "app/log_panel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace assay::app {

LogPanel::LogPanel(QWidget* parent) : QWidget(parent), m_list(new QTreeWidget(this)) {
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Time"), tr("Level"), tr("Message")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->setWordWrap(false);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto* clearButton = new QPushButton(tr("Clear"), this);
    connect(clearButton, &QPushButton::clicked, this, &LogPanel::clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_list);
    layout->addWidget(clearButton, 0, Qt::AlignRight);
}

void LogPanel::watchJobs(views::JobRunner& runner) {
    using views::JobId;
    connect(&runner, &views::JobRunner::jobStarted, this,
            [this](JobId id, const QString&, const QString& title) {
                Running r{title, {}};
                r.timer.start();
                m_running.insert(id, r);
                addEntry(QStringLiteral("info"), tr("Started: %1").arg(title));
            });
    connect(&runner, &views::JobRunner::jobFinished, this, [this](JobId id) {
        const Running r = m_running.take(id);
        addEntry(QStringLiteral("info"),
                 tr("Finished: %1 (%2 s)").arg(r.title).arg(r.timer.elapsed() / 1000.0, 0, 'f', 2));
    });
    connect(&runner, &views::JobRunner::jobCancelled, this, [this](JobId id) {
        addEntry(QStringLiteral("warning"), tr("Cancelled: %1").arg(m_running.take(id).title));
    });
    connect(&runner, &views::JobRunner::jobFailed, this,
            [this](JobId id, const QString& message, bool handled) {
                const Running r = m_running.take(id);
                if (!handled)  // a handled failure is reported once, by its view
                    addEntry(QStringLiteral("error"), tr("Failed: %1: %2").arg(r.title, message));
            });
}

void LogPanel::addEntry(const QString& level, const QString& text) {
    auto* item = new QTreeWidgetItem(m_list);
    item->setText(0, QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")));
    item->setText(1, level);
    item->setText(2, text);
    item->setToolTip(2, text);
    if (level == QLatin1String("error")) {
        for (int c = 0; c < 3; ++c) item->setForeground(c, QColor(0xd5, 0x3e, 0x00));
    } else if (level == QLatin1String("warning")) {
        for (int c = 0; c < 3; ++c) item->setForeground(c, QColor(0xb0, 0x7a, 0x00));
    }
    m_list->scrollToItem(item);
}

void LogPanel::clear() { m_list->clear(); }

int LogPanel::entryCount() const { return m_list->topLevelItemCount(); }

QString LogPanel::entryText(int i) const {
    const QTreeWidgetItem* item = m_list->topLevelItem(i);
    return item ? item->text(1) + QLatin1Char('\t') + item->text(2) : QString();
}

}  // namespace assay::app
