#include "views/common/figure_tabs.h"

#include <qcustomplot.h>

#include "assay/core/error.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_panel.h"

namespace assay::views {

namespace {

// Presentation type is about 1.5 times larger: it gets a canvas that much larger, so that a
// slide figure has the same room per label as the paper one.
constexpr double kPresentationScale = 1.5;

}  // namespace

FigureTabs::FigureTabs(QWidget* parent) : QTabWidget(parent) { setDocumentMode(true); }

PlotPanel* FigureTabs::addPlot(const FigureSpec& spec) {
    auto* panel = new PlotPanel(spec.title, this);
    panel->setObjectName(spec.id);
    panel->setTheme(m_theme);
    connect(panel, &PlotPanel::errorOccurred, this, &FigureTabs::errorOccurred);
    m_figures.push_back({spec, panel, panel, {}});
    addTab(panel, spec.title);
    return panel;
}

void FigureTabs::addCustom(const FigureSpec& spec, QWidget* widget, CustomExport exportFigure) {
    widget->setObjectName(spec.id);
    m_figures.push_back({spec, nullptr, widget, std::move(exportFigure)});
    addTab(widget, spec.title);
}

QStringList FigureTabs::ids() const {
    QStringList out;
    for (const Figure& f : m_figures) out << f.spec.id;
    return out;
}

const FigureTabs::Figure* FigureTabs::figure(const QString& id) const {
    for (const Figure& f : m_figures)
        if (f.spec.id == id) return &f;
    return nullptr;
}

const FigureSpec* FigureTabs::spec(const QString& id) const {
    const Figure* f = figure(id);
    return f ? &f->spec : nullptr;
}

PlotPanel* FigureTabs::panel(const QString& id) const {
    const Figure* f = figure(id);
    return f ? f->panel : nullptr;
}

QList<PlotPanel*> FigureTabs::panels() const {
    QList<PlotPanel*> out;
    for (const Figure& f : m_figures)
        if (f.panel) out << f.panel;
    return out;
}

void FigureTabs::setTheme(Theme theme) {
    m_theme = theme;
    for (PlotPanel* p : panels()) p->setTheme(theme);
}

void FigureTabs::setProvenance(const QMap<QString, QString>& provenance) {
    m_provenance = provenance;
    for (PlotPanel* p : panels()) p->setProvenance(provenance);
}

void FigureTabs::setCurrentFigure(const QString& id) {
    if (const Figure* f = figure(id)) setCurrentWidget(f->widget);
}

QString FigureTabs::currentFigure() const {
    return currentWidget() ? currentWidget()->objectName() : QString();
}

void FigureTabs::showMessage(const QString& message) {
    for (PlotPanel* p : panels()) plotMessage(p->plot(), message);
}

void FigureTabs::exportFigure(const QString& id, const QString& path, ExportOptions options) const {
    const Figure* f = figure(id);
    if (!f)
        throw core::ParameterError("figure", "'" + id.toStdString() + "' is not one of " +
                                                 ids().join(QStringLiteral(", ")).toStdString());
    const Theme theme = options.theme.value_or(m_theme);
    if (!f->widget->isVisible()) {
        // Not on screen (assay render, a hidden tab): the declared size, whose aspect a lone
        // width keeps. On screen, the figure as it is shown.
        const double scale = theme == Theme::Presentation ? kPresentationScale : 1.0;
        options.naturalSize =
            QSize(qRound(f->spec.size.width() * scale), qRound(f->spec.size.height() * scale));
    }
    for (auto it = m_provenance.cbegin(); it != m_provenance.cend(); ++it)
        if (!options.provenance.contains(it.key())) options.provenance.insert(it.key(), it.value());
    if (!options.provenance.contains(QStringLiteral("title")))
        options.provenance.insert(QStringLiteral("title"), f->spec.title);
    if (f->panel)
        f->panel->exportTo(path, options);
    else
        f->exportFigure(path, options);
}

}  // namespace assay::views
