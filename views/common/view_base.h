#pragma once
// What the app needs from every view, and nothing more. A view is created by its factory in the
// ViewRegistry with the app's one JobRunner; the window places it, `assay render` drives it
// headless (openDemo/openFile, waitUntilIdle, exportFigure) with the same code.
#include <QDir>
#include <QIcon>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <QWidget>

#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

namespace assay::views {

class GuidePanel;

class ViewBase : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Stable id for command lines and sessions: "calibration".
    virtual QString viewId() const = 0;
    // Translated name for tabs and menus.
    virtual QString title() const = 0;
    virtual QIcon icon() const { return {}; }

    // Loads the built-in demo dataset and computes its first results (asynchronously).
    virtual void openDemo() = 0;
    // Opens a user's file; problems are reported through errorOccurred, never a modal dialog.
    virtual void openFile(const QString& path) = 0;

    // Figures this view can export ("coverage", "setsize", ...); the first one is the default.
    virtual QStringList figureIds() const = 0;
    // Writes a figure (format from the extension, see plot_export.h). Call when idle.
    // Throws assay::core::Error subclasses (unknown figure id: ParameterError).
    virtual void exportFigure(const QString& figureId, const QString& path,
                              const ExportOptions& options) = 0;

    // Why a figure cannot be exported now ("nothing computed yet", "needs router logits"), or
    // empty when it can. `assay render --session/--demo` skips such figures with this note.
    virtual QString figureUnavailable(const QString& figureId) const { return {}; }

    // Parameters and opened inputs, for a session file; data files may be copied or referenced
    // relative to sessionDir.
    virtual QJsonObject saveState(const QDir& sessionDir) const = 0;
    virtual void restoreState(const QJsonObject& state, const QDir& sessionDir) = 0;

    // Parameters by name, as guide steps, sessions and `assay render` give them (each view documents
    // its keys; "map" is a QVariantMap role -> tensor/column name for the next openFile). Unknown
    // keys are ignored. settings() returns what applySettings accepts.
    virtual void applySettings(const QVariantMap& settings) = 0;
    virtual QVariantMap settings() const = 0;

    // The view's guided tour (owned by the view), or nullptr when it has none.
    virtual GuidePanel* guidePanel() { return nullptr; }
    virtual void setTheme(Theme theme) = 0;

    // Whether a computation for this view is queued or running.
    virtual bool isBusy() const = 0;
    // For `assay render` and tests: processes events until isBusy() is false or `ms` passed;
    // returns whether idle. Never call it from a worker thread.
    bool waitUntilIdle(int ms);

protected:
    // The standard layout of a view: controls (scrollable) above the guide on the left, figures
    // on the right, in a splitter.
    void layOutStandard(QWidget* controls, QWidget* guide, QWidget* figures);

signals:
    // For the app's log panel: level is "info", "warning" or "error"; text says what ran with
    // which parameters, or what went wrong.
    void logMessage(const QString& level, const QString& text);
    // A non-modal error for the user (bad file, failed computation).
    void errorOccurred(const QString& message);
    void busyChanged(bool busy);
};

}  // namespace assay::views
