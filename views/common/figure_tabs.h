#pragma once
// A view's figures in tabs: ids, titles, their declared export sizes, the theme, provenance, the
// current figure, and the one export call every view uses. A figure is either a PlotPanel
// (QCustomPlot) or a custom widget with its own draw-for-export function (the expert graph).
#include <QMap>
#include <QSize>
#include <QStringList>
#include <QTabWidget>
#include <functional>

#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

namespace assay::views {

class PlotPanel;

struct FigureSpec {
    QString id;     // for command lines and sessions: "coverage"
    QString title;  // the tab's (translated)
    // Layout size in 96-dpi pixels when no size is asked for (assay render, the figure's aspect
    // for a lone --width): at 300 dpi the PNG has 300/96 times these pixels, the layout stays.
    QSize size = QSize(1000, 700);
};

// Writes a custom figure (path, options with size/theme/provenance resolved).
using CustomExport = std::function<void(const QString& path, const ExportOptions& options)>;

class FigureTabs : public QTabWidget {
    Q_OBJECT
public:
    explicit FigureTabs(QWidget* parent = nullptr);

    PlotPanel* addPlot(const FigureSpec& spec);
    void addCustom(const FigureSpec& spec, QWidget* widget, CustomExport exportFigure);

    QStringList ids() const;
    const FigureSpec* spec(const QString& id) const;
    PlotPanel* panel(const QString& id) const;  // nullptr for custom figures and unknown ids
    QList<PlotPanel*> panels() const;
    // Restyles every plot (the plot functions read colours from it: redraw after).
    void setTheme(Theme theme);
    Theme theme() const { return m_theme; }
    void setProvenance(const QMap<QString, QString>& provenance);
    QMap<QString, QString> provenance() const { return m_provenance; }
    void setCurrentFigure(const QString& id);
    QString currentFigure() const;
    // The same centred message on every plot ("Open data or the demo").
    void showMessage(const QString& message);

    // Writes figure `id`: the declared size when none is given (larger type gets a larger
    // canvas), this tab's provenance and title unless `options` carry their own. Throws
    // core::ParameterError for an unknown id, core::OutputError for a failed write.
    void exportFigure(const QString& id, const QString& path, ExportOptions options) const;

signals:
    void errorOccurred(const QString& message);

private:
    struct Figure {
        FigureSpec spec;
        PlotPanel* panel = nullptr;
        QWidget* widget = nullptr;
        CustomExport exportFigure;
    };
    const Figure* figure(const QString& id) const;

    QVector<Figure> m_figures;
    Theme m_theme = Theme::Light;
    QMap<QString, QString> m_provenance;
};

}  // namespace assay::views
