#pragma once
// The view kit's base class: everything a view would otherwise repeat. A view declares its
// settings (SettingsSpec) and figures (FigureTabs), and implements five hooks: loadDemo,
// loadFile, recompute(stage), figureUnavailable and (optionally) onThemeChanged. The kit does the
// rest, the same way for every view:
//  - settings: one checked value set (Settings), the controls panel, guide steps, sessions,
//    `assay render --set`, refusing (never clamping) values out of range — with the key, the
//    value and what is allowed — including limits only the data knows (setInput);
//  - recomputing from the earliest stage a change feeds (Stage), and nothing when nothing changed;
//  - export (id check, availability, declared sizes, theme swapped and restored, the log line);
//  - provenance of every figure from core's makeProvenance (version, input SHA-256, parameters,
//    seed, device);
//  - busy state from the job runner, the standard layout, the guide or the "your data" summary.
#include <QDir>
#include <QIcon>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <QWidget>
#include <string>
#include <utility>
#include <vector>

#include "views/common/figure_tabs.h"
#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::core {
class JobContext;
}

namespace assay::views {

class GuidePanel;
class JobRunner;
class SettingsPanel;

// What a load delivered, for sessions, provenance and the data limits of the settings.
struct ViewInput {
    bool demo = false;
    QString path;                                             // absolute; empty for the demo
    std::vector<std::pair<std::string, std::string>> hashes;  // file name, SHA-256 (or demo, seed)
    QString summary;                              // one line: "600 questions × 4 options"
    QMap<QString, QPair<double, double>> ranges;  // key -> [min, max] the data allows
    QMap<QString, QStringList> groups;            // Group key -> the data's names
};

// On a worker (a load job): the file's name and SHA-256 for ViewInput::hashes, streamed, with
// the job's stage named "hashing" (once per file, for the provenance of every figure from it).
// Cached per file version (core/io/sha256.h): reopening an unchanged file does not read it again.
std::vector<std::pair<std::string, std::string>> hashInputOnWorker(const std::string& path,
                                                                   core::JobContext& job);

class ViewBase : public QWidget {
    Q_OBJECT
public:
    // `spec`: the view's settings; the kit adds "figure" (the tab shown).
    ViewBase(JobRunner& runner, SettingsSpec spec, QWidget* parent = nullptr);
    ~ViewBase() override;

    // Stable id for command lines and sessions: "calibration".
    virtual QString viewId() const = 0;
    virtual QString title() const = 0;

    // Loads the demo (the guide's first step applies unless settings were given) / a file.
    void openDemo();
    void openFile(const QString& path);
    bool hasInput() const { return m_input.demo || !m_input.path.isEmpty(); }
    const ViewInput& input() const { return m_input; }

    QStringList figureIds() const;
    // Throws core::ParameterError (unknown id, not available) or core::OutputError. Call idle.
    void exportFigure(const QString& figureId, const QString& path, const ExportOptions& options);
    // Why a figure cannot be exported now, or empty. Views add their own reasons.
    virtual QString figureUnavailable(const QString& figureId) const;

    const SettingsSpec& settingsSpec() const { return m_spec; }
    const Settings& values() const { return m_values; }
    // Checks and applies settings (keys or aliases). All or nothing: a refused map changes
    // nothing and reports why through errorOccurred; returns whether it was applied.
    bool applySettings(const QVariantMap& settings);
    // Every setting by key, as sessions store them and applySettings takes them.
    QVariantMap settings() const { return m_values.values(); }

    QJsonObject saveState(const QDir& sessionDir) const;
    void restoreState(const QJsonObject& state, const QDir& sessionDir);

    GuidePanel* guidePanel() const { return m_guide; }
    SettingsPanel* controls() const { return m_controls; }
    FigureTabs* figures() const { return m_figures; }
    void setTheme(Theme theme);
    Theme theme() const { return m_theme; }

    // Whether a job of this view is queued or running.
    bool isBusy() const;
    // For `assay render` and tests: processes events until idle or `ms` passed.
    bool waitUntilIdle(int ms);

    // The provenance every figure of the current result carries.
    QMap<QString, QString> provenance() const;

signals:
    // level "info", "warning" or "error"; for the app's log panel.
    void logMessage(const QString& level, const QString& text);
    // A non-modal error for the user: reported once (the window logs it).
    void errorOccurred(const QString& message);
    void busyChanged(bool busy);

protected:
    // Hooks. loadDemo/loadFile start jobs and call setInput when the data is there (or
    // reportError). recompute(stage) runs the view's work from `stage` on, for the values();
    // `changed` holds the keys that moved (all keys after a load).
    virtual void loadDemo() = 0;
    virtual void loadFile(const QString& path) = 0;
    virtual void recompute(Stage from, const QStringList& changed) = 0;
    virtual void onThemeChanged() {}
    // Whether a result exists to export (the default figureUnavailable says so when not).
    virtual bool hasResult() const = 0;

    JobRunner& runner() const { return m_runner; }
    // A load succeeded: records the input, applies the data's limits to the settings (a value
    // outside them is refused with a message and reset), shows the guide (demo) or the data's
    // summary, then recomputes everything.
    void setInput(ViewInput input);
    // Changes values without recomputing (a view adapting defaults to new data before
    // setInput); a refused map changes nothing and is reported.
    bool adjustValues(const QVariantMap& values);
    void reportError(const QString& message) { emit errorOccurred(message); }
    void log(const QString& level, const QString& text) { emit logMessage(level, text); }
    // The figures were redrawn from a new result: they take the current provenance.
    void figuresUpdated();
    // The parameters recorded in provenance (default: every setting but the figure).
    virtual QJsonObject provenanceParameters() const;
    void setSummary(const QString& text);
    // Lays out controls + guide on the left, the figures on the right; call once figures exist.
    void layOutStandard();

private:
    void onControlEdited(const QString& key, const QVariant& value);
    void onGuideStep(const QVariantMap& step);
    bool applyChecked(const QVariantMap& settings);
    QString dataLimitViolation(const QString& key, const QVariant& value) const;
    void updateBusy();

    JobRunner& m_runner;
    SettingsSpec m_spec;
    Settings m_values;
    ViewInput m_input;
    SettingsPanel* m_controls;
    GuidePanel* m_guide;
    FigureTabs* m_figures;
    Theme m_theme = Theme::Light;
    bool m_busy = false;
    // Keys given by a session, the command line or applySettings: openDemo keeps them instead of
    // the tour's first step, and a given value the data cannot take is refused, not adapted.
    QSet<QString> m_given;
};

}  // namespace assay::views
