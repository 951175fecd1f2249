#include "views/calibration/calibration_view.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

#include <utility>

#include "assay/core/error.h"
#include "views/calibration/calibration_controller.h"
#include "views/calibration/calibration_controls.h"
#include "views/calibration/calibration_figures.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/plot_panel.h"
#include "views/common/view_registry.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
// (The resources are in a static library, so nothing registers them automatically.)
static void initCalibrationResources() { Q_INIT_RESOURCE(calibration); }

namespace assay::views {

namespace cf = core::conformal;

CalibrationView::CalibrationView(JobRunner& runner, QWidget* parent)
    : ViewBase(parent),
      m_controller(new CalibrationController(runner, this)),
      m_controls(new CalibrationControls(this)),
      m_figures(new CalibrationFigures(this)),
      m_guide(new GuidePanel(this)) {
    layOutStandard(m_controls, m_guide, m_figures);

    initCalibrationResources();
    m_guide->setGuide(loadGuide(QStringLiteral(":/guides/calibration.json")));
    connect(m_guide, &GuidePanel::stepActivated, this, [this](int, const QVariantMap& s) { onGuideStep(s); });
    connect(m_controls, &CalibrationControls::edited, this, &CalibrationView::onParametersEdited);
    connect(m_controller, &CalibrationController::resultReady, this, &CalibrationView::onResultReady);
    connect(m_controller, &CalibrationController::dataLoaded, this, [this] {
        m_controls->setGroups(m_controller->groupNames());
        // Group choices made before the data existed (session, guide, command line) apply now.
        if (!m_pendingGroups.isEmpty()) m_controls->setValues(std::exchange(m_pendingGroups, {}));
        m_controls->setAvailableInputs(m_controller->hasFrequencies(), m_controller->hasProbabilities(),
                                       !m_controller->hasFrequencies() && !m_controller->hasProbabilities());
        // Until a result replaces it (and if the analysis fails), the summary describes the data.
        m_controls->setSummary(m_controller->summary());
        adaptDefaultsToData();
    });
    connect(m_controller, &CalibrationController::logMessage, this, &ViewBase::logMessage);
    connect(m_controller, &CalibrationController::errorOccurred, this, &ViewBase::errorOccurred);
    connect(m_controller, &CalibrationController::busyChanged, this, &ViewBase::busyChanged);
    for (const QString& id : CalibrationFigures::ids())
        connect(m_figures->panel(id), &PlotPanel::errorOccurred, this, &ViewBase::errorOccurred);
    onParametersEdited();  // settings from the controls' defaults
}

CalibrationView::~CalibrationView() = default;

QString CalibrationView::title() const { return tr("Calibration"); }
QIcon CalibrationView::icon() const { return QIcon(QStringLiteral(":/icons/calibration.svg")); }

void CalibrationView::openDemo() {
    // The guide is written for the demo: opening it starts the tour at step 1 with that step's
    // settings, so the window matches the text. Settings given by a session or the command line
    // (assay render --alpha …) are kept instead.
    if (!m_settingsGiven) {
        const QSignalBlocker block(m_guide);
        m_guide->goToStep(0);
        if (!m_guide->guide().steps.empty()) applySettingsQuietly(m_guide->guide().steps.front().settings);
    }
    m_controller->loadDemo();
}

void CalibrationView::openFile(const QString& path) {
    m_controller->loadFile(path, m_controller->roles().isEmpty() ? m_pendingRoles : m_controller->roles());
}

QStringList CalibrationView::figureIds() const { return CalibrationFigures::ids(); }

void CalibrationView::exportFigure(const QString& figureId, const QString& path, const ExportOptions& options) {
    PlotPanel* panel = m_figures->panel(figureId);
    if (!panel)
        throw core::ParameterError("figure", "'" + figureId.toStdString() + "' is not a Calibration figure (expected " +
                                   CalibrationFigures::ids().join(", ").toStdString() + ")");
    if (!m_controller->report()) throw core::ParameterError("figure", "nothing computed yet: open data or the demo first");
    if (const QString why = figureUnavailable(figureId); !why.isEmpty())
        throw core::ParameterError("figure", why.toStdString());
    ExportOptions sized = options;
    if (sized.widthPx <= 0 && sized.widthCm <= 0 && !panel->isVisible()) {
        // Headless (assay render): the widget was never laid out, so give the figure a paper size.
        // Presentation type is large: it gets a larger canvas at the same DPI.
        const double scale = sized.theme.value_or(m_theme) == Theme::Presentation ? 1.6 : 1.0;
        sized.widthPx = qRound((figureId == QLatin1String("crossdomain") ? 1500 : 1000) * scale);
        sized.heightPx = qRound((figureId == QLatin1String("crossdomain") ? 560 : 700) * scale);
    }
    // Colours chosen by the plot functions depend on the theme: redraw in the export's theme.
    const Theme shown = m_theme;
    if (sized.theme && *sized.theme != shown) m_figures->setTheme(*sized.theme);
    try {
        panel->exportTo(path, sized);
    } catch (...) {
        if (sized.theme && *sized.theme != shown) m_figures->setTheme(shown);
        throw;
    }
    if (sized.theme && *sized.theme != shown) m_figures->setTheme(shown);
    emit logMessage("info", tr("Exported %1 to %2").arg(figureId, path));
}

QString CalibrationView::figureUnavailable(const QString& figureId) const {
    const cf::CalibrationReport* r = m_controller->report();
    if (!r) return tr("nothing computed yet: open data or the demo first");
    if (r->options != 0) return {};
    if (figureId == QLatin1String("setsize") || figureId == QLatin1String("stratified"))
        return tr("'%1' needs option sets (multiple-choice data with p_*/freq_* or samples); "
                  "generic scores have no prediction sets").arg(figureId);
    return {};
}

void CalibrationView::applySettings(const QVariantMap& settings) {
    m_settingsGiven = true;
    applySettingsQuietly(settings);
}

void CalibrationView::onGuideStep(const QVariantMap& step) {
    QVariantMap settings = step;
    if (m_controller->hasData() && !m_controller->isDemo()) {
        // The steps are written for the demo's domains: on a user's file, a group it lacks is
        // left as it is, and the log says so (never a silent switch to "all groups").
        const QStringList groups = m_controller->groupNames();
        for (const char* key : {"calGroup", "testGroup"}) {
            const QString g = settings.value(key).toString();
            if (settings.contains(key) && g != QLatin1String("all") && !groups.contains(g)) {
                settings.remove(key);
                emit logMessage("warning", tr("The guide is written for the demo: this data has no group '%1', so "
                                              "the step leaves '%2' as it is (File ▸ Open demo to follow it)")
                                               .arg(g, key == std::string("calGroup") ? tr("Calibrate on") : tr("Test on")));
            }
        }
    }
    applySettingsQuietly(settings);
}

void CalibrationView::adaptDefaultsToData() {
    // Probabilities without sampled answers: the black-box defaults (w = (0, 1), predictive
    // entropy) cannot run, so defaults the user left alone switch to their white-box versions.
    if (m_controller->hasFrequencies() || !m_controller->hasProbabilities()) return;
    const QVariantMap v = m_controls->values();
    QVariantMap change;
    QStringList said;
    if (v.value("weightLogit").toDouble() == 0.0 && v.value("weightFreq").toDouble() == 1.0) {
        change.insert("weightLogit", 1.0);
        change.insert("weightFreq", 0.0);
        said << tr("weights w_l = 1, w_f = 0");
    }
    if (v.value("statistic").toString() == QLatin1String("entropy")) {
        change.insert("statistic", QStringLiteral("whitebox"));
        said << tr("statistic whitebox");
    }
    if (change.isEmpty()) return;
    emit logMessage("info", tr("The data has option probabilities but no sampled answers: using %1").arg(said.join(tr(" and "))));
    m_controls->setValues(change);
}

void CalibrationView::applySettingsQuietly(const QVariantMap& settings) {
    if (settings.contains("map")) m_pendingRoles = settings.value("map").toMap();
    for (const char* key : {"calGroup", "testGroup"})
        if (settings.contains(key) && !m_controller->hasData()) m_pendingGroups.insert(key, settings.value(key));
    QVariantMap controls = settings;
    controls.remove("figure");
    controls.remove("map");
    if (!controls.isEmpty()) m_controls->setValues(controls);
    if (settings.contains("figure")) m_figures->setCurrentFigure(settings.value("figure").toString());
}

QVariantMap CalibrationView::settings() const {
    QVariantMap s = m_controls->values();
    s.insert("figure", m_figures->currentFigure());
    return s;
}

void CalibrationView::onParametersEdited() {
    const QVariantMap v = m_controls->values();
    CalibrationSettings s;
    s.params.alpha = v.value("alpha").toDouble();
    s.params.delta = v.value("delta").toDouble();
    s.params.repetitions = v.value("repetitions").toInt();
    s.params.seed = v.value("seed").toULongLong();
    s.weights = {v.value("weightLogit").toDouble(), v.value("weightFreq").toDouble()};
    try {
        s.statistic = cf::statisticFromName(v.value("statistic").toString().toStdString());
    } catch (const core::Error&) {}
    const QStringList groups = m_controller->groupNames();
    s.params.calGroup = static_cast<int>(groups.indexOf(v.value("calGroup").toString()));
    s.params.testGroup = static_cast<int>(groups.indexOf(v.value("testGroup").toString()));
    // Unchanged settings (e.g. only the heatmap metric moved) redraw without computing.
    if (!m_controller->setSettings(s)) onResultReady();
}

void CalibrationView::onResultReady() {
    const cf::CalibrationReport* r = m_controller->report();
    if (!r) return;
    m_figures->setProvenance(m_controller->provenance());
    m_figures->showReport(*r, heatmapMetricFromName(m_controls->values().value("heatmap").toString()));
    const auto& ref = r->reference;
    m_controls->setSummary(tr("%1 items%2 · α_l = %3\nsplit 0: coverage %4 → %5 after SConU (%6 of %7 answered)")
                               .arg(r->items)
                               .arg(r->options ? tr(" × %1 options").arg(r->options) : QString())
                               .arg(r->alphaL, 0, 'f', 3)
                               .arg(1 - ref.all.emr, 0, 'f', 3)
                               .arg(1 - ref.sconu.emr, 0, 'f', 3)
                               .arg(ref.sconu.count)
                               .arg(ref.testItems.size()));
}

QJsonObject CalibrationView::saveState(const QDir& sessionDir) const {
    QJsonObject o;
    o["settings"] = QJsonObject::fromVariantMap(settings());
    o["demo"] = m_controller->isDemo();
    if (!m_controller->inputPath().isEmpty()) o["input"] = sessionDir.relativeFilePath(m_controller->inputPath());
    o["map"] = QJsonObject::fromVariantMap(m_controller->roles().isEmpty() ? m_pendingRoles : m_controller->roles());
    return o;
}

void CalibrationView::restoreState(const QJsonObject& state, const QDir& sessionDir) {
    QVariantMap s = state.value("settings").toObject().toVariantMap();
    s.insert("map", state.value("map").toObject().toVariantMap());
    applySettings(s);
    if (state.value("demo").toBool()) openDemo();
    else if (state.contains("input")) openFile(QDir::cleanPath(sessionDir.absoluteFilePath(state.value("input").toString())));
}

GuidePanel* CalibrationView::guidePanel() { return m_guide; }

void CalibrationView::setTheme(Theme theme) {
    m_theme = theme;
    m_figures->setTheme(theme);
}

bool CalibrationView::isBusy() const { return m_controller->isBusy(); }


void registerCalibrationView(ViewRegistry& registry) {
    registry.registerView({QStringLiteral("calibration"), CalibrationView::tr("Calibration"),
                           QIcon(QStringLiteral(":/icons/calibration.svg")),
                           [](JobRunner& runner, QWidget* parent) { return new CalibrationView(runner, parent); }});
}

}  // namespace assay::views
