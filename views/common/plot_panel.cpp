#include "views/common/plot_panel.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QVBoxLayout>

#include "assay/core/error.h"

namespace assay::views {

PlotPanel::PlotPanel(const QString& title, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(title, this)), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setObjectName(QStringLiteral("plotTitle"));
    m_title->setVisible(!title.isEmpty());
    QFont font = m_title->font();
    font.setBold(true);
    m_title->setFont(font);
    layout->addWidget(m_title);
    m_plot->setObjectName(QStringLiteral("plot"));
    m_plot->setMinimumSize(200, 150);
    m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_plot, 1);
    connect(m_plot, &QWidget::customContextMenuRequested, this, &PlotPanel::onContextMenuRequested);
    setTheme(m_theme);
}

QString PlotPanel::title() const { return m_title->text(); }

void PlotPanel::setTitle(const QString& title) {
    m_title->setText(title);
    m_title->setVisible(!title.isEmpty());
}

void PlotPanel::setTheme(Theme theme) {
    m_theme = theme;
    applyTheme(m_plot, theme);
    m_plot->replot();
}

void PlotPanel::exportTo(const QString& path, ExportOptions options) const {
    if (!options.theme) options.theme = m_theme;
    for (auto it = m_provenance.cbegin(); it != m_provenance.cend(); ++it) {
        if (!options.provenance.contains(it.key())) options.provenance.insert(it.key(), it.value());
    }
    if (!options.provenance.contains(QStringLiteral("title")) && !title().isEmpty())
        options.provenance.insert(QStringLiteral("title"), title());
    exportPlot(m_plot, path, options);
}

void PlotPanel::onContextMenuRequested(const QPoint& pos) {
    QMenu menu(this);
    menu.addAction(tr("Export…"), this, &PlotPanel::onExportRequested);
    menu.exec(m_plot->mapToGlobal(pos));
}

void PlotPanel::onExportRequested() {
    // The only dialog of the export path: everything after it is shared with `assay render`.
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"),
        title().isEmpty() ? tr("figure.png") : title() + QStringLiteral(".png"),
        tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg);;Plotted data, CSV "
           "(*.csv)"),
        &filter);
    if (path.isEmpty()) return;
    try {
        exportTo(path);
        emit exported(path);
    } catch (const core::Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

}  // namespace assay::views
