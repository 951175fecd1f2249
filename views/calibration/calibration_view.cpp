#include "views/calibration/calibration_view.h"

#include <QFileInfo>

#include "assay/conformal/calibration_input.h"
#include "views/calibration/calibration_controller.h"
#include "views/calibration/calibration_figure_notes.h"
#include "views/calibration/calibration_plots.h"
#include "views/calibration/calibration_settings.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/plot_panel.h"
#include "views/common/settings_panel.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
// (The resources are in a static library, so nothing registers them automatically.)
static void initCalibrationResources() { Q_INIT_RESOURCE(calibration); }

namespace assay::views {

namespace cf = core::conformal;
using namespace calibration;

namespace {

QVector<FigureSpec> figureSpecs() {
    return {{QStringLiteral("coverage"), CalibrationView::tr("Coverage vs α"), QSize(1000, 700)},
            {QStringLiteral("setsize"), CalibrationView::tr("Set size vs α"), QSize(1000, 700)},
            {QStringLiteral("pvalues"), CalibrationView::tr("p-values"), QSize(1000, 700)},
            {QStringLiteral("crossdomain"), CalibrationView::tr("Cross-domain"), QSize(1650, 600)},
            {QStringLiteral("stratified"), CalibrationView::tr("Size-stratified EMR"),
             QSize(1000, 700)}};
}

// Tables with a gold (multiple choice) or score (generic) column, or whose rows could not be read
// (the view then says why); tensor files when they hold the calibration tensors; a lone .npy is
// generic scores. A table under other names is opened by the current view (mapped with --map).
bool opensFile(const FileContents& file) {
    if (file.table)
        return file.head.header.empty() || file.hasColumn("gold") || file.hasColumn("score");
    if (file.suffix == QLatin1String("npy"))
        return file.tensors.size() == 1 && file.tensors.front().shape.size() == 1;
    return file.find("gold") || file.find("score");
}

}  // namespace

CalibrationView::CalibrationView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, calibration::settingsSpec(), parent),
      m_controller(new CalibrationController(runner, this)) {
    initCalibrationResources();
    for (const FigureSpec& f : figureSpecs()) figures()->addPlot(f);
    figures()->showMessage(tr("Open data or the demo to see the figures."));
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/calibration.json")));
    layOutStandard();
    connect(m_controller, &CalibrationController::inputLoaded, this,
            &CalibrationView::onInputLoaded);
    connect(m_controller, &CalibrationController::resultReady, this,
            &CalibrationView::onResultReady);
    connect(m_controller, &CalibrationController::failed, this, &CalibrationView::reportError);
}

CalibrationView::~CalibrationView() = default;

QString CalibrationView::title() const { return tr("Calibration"); }

void CalibrationView::loadDemo() { m_controller->loadDemo(); }

void CalibrationView::loadFile(const QString& path) {
    cf::RoleMap roles;
    const QVariantMap map = values().get(kMap);
    for (auto it = map.begin(); it != map.end(); ++it)
        roles[it.key().toStdString()] = it.value().toString().toStdString();
    m_controller->loadFile(path, roles);
}

void CalibrationView::onInputLoaded(const ViewInput& input) {
    const bool generic = m_controller->isGeneric();
    controls()->setControlEnabled(QLatin1String(kWeights.key), !generic);
    controls()->setControlEnabled(QLatin1String(kStatistic.key), !generic);
    // Probabilities without sampled answers: the black-box defaults (w = (0, 1), predictive
    // entropy) cannot run, so defaults the user left alone switch to their white-box versions.
    if (m_controller->hasProbabilities() && !m_controller->hasFrequencies()) {
        QVariantMap change;
        QStringList said;
        if (values().get(kWeights) == QVector<double>{0.0, 1.0}) {
            change.insert(QLatin1String(kWeights.key), QVariantList{1.0, 0.0});
            said << tr("weights 1 (probability), 0 (frequency)");
        }
        if (values().get(kStatistic) == QLatin1String("entropy")) {
            change.insert(QLatin1String(kStatistic.key), QStringLiteral("whitebox"));
            said << tr("statistic whitebox");
        }
        if (!change.isEmpty()) {
            log(QStringLiteral("info"),
                tr("The data has option probabilities but no sampled answers: using %1")
                    .arg(said.join(tr(" and "))));
            adjustValues(change);
        }
    }
    log(QStringLiteral("info"),
        input.demo ? tr("Opened the demo (simulated multiple-choice LLM, seed 10)")
                   : tr("Loaded %1: %2").arg(QFileInfo(input.path).fileName(), input.summary));
    setInput(input);  // recomputes
}

void CalibrationView::recompute(Stage from, const QStringList&) {
    if (from == Stage::Figure) return redraw();
    const Settings& v = values();
    CalibrationSettings s;
    s.params.alpha = v.get(kAlpha);
    s.params.delta = v.get(kDelta);
    s.params.repetitions = v.get(kRepetitions);
    s.params.calFraction = v.get(kCalFraction);
    s.params.seed = std::uint64_t(v.get(kSeed));
    const QVector<double> w = v.get(kWeights);
    s.weights = {w.value(0), w.value(1)};
    s.statistic = cf::statisticFromName(v.get(kStatistic).toStdString());
    const QStringList groups = m_controller->groupNames();
    s.params.calGroup = int(groups.indexOf(v.get(kCalGroup)));
    s.params.testGroup = int(groups.indexOf(v.get(kTestGroup)));
    m_controller->analyse(s);
}

bool CalibrationView::hasResult() const { return m_controller->report() != nullptr; }

QString CalibrationView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    if (m_controller->report()->options != 0) return {};
    if (id == QLatin1String("setsize") || id == QLatin1String("stratified"))
        return tr("'%1' needs option sets (multiple-choice data with p_*/freq_* or samples); "
                  "generic scores have no prediction sets")
            .arg(id);
    return {};
}

QJsonObject CalibrationView::provenanceParameters() const {
    QJsonObject o = ViewBase::provenanceParameters();
    if (m_controller->isGeneric()) {
        // Generic data: its own scores and statistic, no weights.
        o.remove(QLatin1String(kWeights.key));
        o.insert(QLatin1String(kStatistic.key), QStringLiteral("score"));
    }
    return o;
}

void CalibrationView::onResultReady(qint64 ms) {
    const cf::CalibrationReport& r = *m_controller->report();
    const CalibrationSettings& s = m_controller->settings();
    const QString splits = r.fixedSplit ? tr("the data's fixed split (%1 calibration, %2 test)")
                                              .arg(r.curves.meanCalSize)
                                              .arg(r.curves.meanTestSize)
                                        : tr("%1 splits").arg(s.params.repetitions);
    log(QStringLiteral("info"), tr("Calibration: α = %1, δ = %2, %3, statistic %4 — %5 ms")
                                    .arg(s.params.alpha)
                                    .arg(s.params.delta)
                                    .arg(splits)
                                    .arg(!m_controller->isGeneric() ? cf::statisticName(s.statistic)
                                         : r.selectionOnScore       ? "score"
                                                                    : "from the data")
                                    .arg(ms));
    if (const QString note = selectionOnScoreNote(r); !note.isEmpty())
        log(QStringLiteral("info"), note);
    redraw();
    const auto& ref = r.reference;
    setSummary(tr("%1 items%2 · αₗ = %3\nsplit 0: coverage %4 → %5 after SConU (%6 of %7 answered)")
                   .arg(r.items)
                   .arg(r.options ? tr(" × %1 options").arg(r.options) : QString())
                   .arg(r.alphaL, 0, 'f', 3)
                   .arg(1 - ref.all.emr, 0, 'f', 3)
                   .arg(1 - ref.sconu.emr, 0, 'f', 3)
                   .arg(ref.sconu.count)
                   .arg(ref.testItems.size()));
}

void CalibrationView::redraw() {
    const cf::CalibrationReport* r = m_controller->report();
    if (!r) return;
    const Theme t = theme();
    FigureTabs* f = figures();
    plotCoverage(f->panel(QStringLiteral("coverage"))->plot(), *r, t);
    plotSetSize(f->panel(QStringLiteral("setsize"))->plot(), *r, t);
    plotPValues(f->panel(QStringLiteral("pvalues"))->plot(), *r, t);
    plotCrossDomain(f->panel(QStringLiteral("crossdomain"))->plot(), *r,
                    heatmapMetricFromName(values().get(kHeatmap)), t);
    plotStratified(f->panel(QStringLiteral("stratified"))->plot(), *r, t);
    f->setTheme(t);  // styles what the plot functions added
    figuresUpdated();
}

ViewEntry calibrationViewEntry() {
    QVector<ViewRole> roles;
    for (const auto& [name, description] : cf::calibrationRoles())
        roles.push_back({QString::fromStdString(name), QString::fromStdString(description)});
    return makeViewEntry<CalibrationView>(
        QStringLiteral("calibration"), CalibrationView::tr("Calibration"),
        QStringLiteral(":/icons/calibration.svg"), calibration::settingsSpec(), figureSpecs(),
        opensFile, roles);
}

}  // namespace assay::views
