#pragma once
// A titled QCustomPlot with the app's themes and a right-click "Export..." menu. The <view>_plot
// classes fill plot(); export goes through exportPlot (plot_export.h), the command line's path.
// QCustomPlot's OpenGL mode stays off: exports must work on the offscreen platform.
#include <QMap>
#include <QString>
#include <QWidget>

#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

class QCustomPlot;
class QLabel;

namespace assay::views {

class PlotPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlotPanel(const QString& title = {}, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    QString title() const;
    void setTitle(const QString& title);
    Theme theme() const { return m_theme; }
    // Re-applies the theme to the plot (including graphs added since) and replots.
    void setTheme(Theme theme);
    // What ran to produce this figure (parameters, inputs, version), written into every export.
    void setProvenance(const QMap<QString, QString>& provenance) { m_provenance = provenance; }
    QMap<QString, QString> provenance() const { return m_provenance; }
    // Exports with this panel's theme and provenance unless `options` set their own.
    // Throws assay::core::OutputError / ParameterError like exportPlot.
    void exportTo(const QString& path, ExportOptions options = {}) const;

signals:
    // A figure was written (path) or could not be (message); both non-modal, for the log.
    void exported(const QString& path);
    void errorOccurred(const QString& message);

private:
    void onContextMenuRequested(const QPoint& pos);
    void onExportRequested();

    QLabel* m_title;
    QCustomPlot* m_plot;
    Theme m_theme = Theme::Light;
    QMap<QString, QString> m_provenance;
};

}  // namespace assay::views
