#include "views/judge/judge_view.h"

#include <QFileInfo>

#include "assay/judge/votes.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/plot_panel.h"
#include "views/judge/judge_controller.h"
#include "views/judge/judge_plots.h"
#include "views/judge/judge_settings.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initJudgeResources() { Q_INIT_RESOURCE(judge); }

namespace assay::views {

namespace jd = core::judge;
using namespace judge;

namespace {

QVector<FigureSpec> figureSpecs() {
    return {{QStringLiteral("pmf"), JudgeView::tr("Judge counts"), QSize(1000, 700)},
            {QStringLiteral("error"), JudgeView::tr("Error vs labels"), QSize(1000, 700)},
            {QStringLiteral("stopping"), JudgeView::tr("Stopping trace"), QSize(1000, 700)},
            {QStringLiteral("transfer"), JudgeView::tr("Prior transfer"), QSize(1000, 700)}};
}

// Votes tables: whatever core's votes loader accepts from the first rows (0/1 judge columns, or
// x and n), so that a calibration table (gold letters, probabilities, scores) is not one.
bool opensFile(const FileContents& file) {
    return file.table && !file.head.header.empty() && jd::looksLikeVotes(file.head);
}

}  // namespace

JudgeView::JudgeView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, judge::settingsSpec(), parent),
      m_controller(new JudgeController(runner, this)) {
    initJudgeResources();
    for (const FigureSpec& f : figureSpecs()) figures()->addPlot(f);
    figures()->showMessage(tr("Open a votes table or the demo to see the figures."));
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/judge.json")));
    layOutStandard();
    connect(m_controller, &JudgeController::inputLoaded, this, &JudgeView::onInputLoaded);
    connect(m_controller, &JudgeController::resultReady, this, &JudgeView::onResultReady);
    connect(m_controller, &JudgeController::failed, this, &JudgeView::reportError);
}

JudgeView::~JudgeView() = default;

QString JudgeView::title() const { return tr("Judge"); }

void JudgeView::loadDemo() { m_controller->loadDemo(); }

void JudgeView::loadFile(const QString& path) {
    m_controller->loadFile(path, values().get(kJudges));
}

void JudgeView::onInputLoaded(const ViewInput& input) {
    // A votes table has no sources: the transferred prior cannot apply, so say so and use the
    // weak one (the transfer figure says what it needs).
    if (m_controller->sourceNames().isEmpty() &&
        values().get(kPrior) == QLatin1String("transfer")) {
        log(QStringLiteral("info"),
            tr("The data has no source datasets: using the weak prior (prior weak)"));
        adjustValues({{QLatin1String(kPrior.key), QStringLiteral("weak")},
                      {QLatin1String(kSource.key), QStringLiteral("all")}});
    }
    log(QStringLiteral("info"),
        input.demo ? tr("Opened the Judge demo: %1").arg(input.summary)
                   : tr("Loaded %1: %2").arg(QFileInfo(input.path).fileName(), input.summary));
    setInput(input);  // recomputes
    if (!hasResult()) figures()->showMessage(tr("Fitting the estimators over random orders…"));
}

void JudgeView::recompute(Stage from, const QStringList& changed) {
    if (from == Stage::Figure) return redraw();
    const jd::JudgeInput* input = m_controller->input();
    if (!input) return;
    const Settings& v = values();
    jd::JudgeAnalysisOptions o;
    o.estimator = jd::estimatorFromName(v.get(kEstimator).toStdString());
    o.stopping.epsilon = v.get(kEpsilon);
    o.stopping.gamma = v.get(kGamma);
    o.stopping.radius = jd::radiusFromName(v.get(kRadius).toStdString());
    o.stopping.m0 = v.get(kM0);
    o.stopping.budget = v.get(kBudget);  // below m0: core says so
    o.repetitions = v.get(kRepetitions);
    o.seed = std::uint64_t(v.get(kSeed));
    if (v.get(kPrior) == QLatin1String("transfer")) {
        const QStringList names = m_controller->sourceNames();
        for (int s = 0; s < names.size(); ++s)
            if (v.get(kSource) == QLatin1String("all") || v.get(kSource) == names[s])
                o.sources.push_back(s);
    }
    const QStringList stopping = stoppingKeys();
    bool onlyStopping = m_controller->analysis() != nullptr && !changed.isEmpty();
    for (const QString& key : changed)
        if (!stopping.contains(key)) onlyStopping = false;
    m_controller->analyse(o, onlyStopping);
}

bool JudgeView::hasResult() const { return m_controller->analysis() != nullptr; }

QString JudgeView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    if (id == QLatin1String("error") && m_controller->analysis()->margin.curves.empty())
        return tr("the error margin is still being computed");
    if (id == QLatin1String("transfer") && m_controller->sourceNames().isEmpty())
        return tr(
            "'transfer' needs source datasets (fitted by assay-run judge-fit, with text "
            "embeddings): a votes table has none — use assay-run judge --source, or open "
            "the demo");
    return {};
}

void JudgeView::onResultReady(qint64 ms, bool partial) {
    const jd::JudgeAnalysis& a = *m_controller->analysis();
    const jd::JudgeAnalysisOptions& o = m_controller->options();
    const jd::StoppingStep& stop = a.trace.steps.at(a.trace.stopIndex);
    const jd::Fit& chosen = a.fits[std::size_t(o.estimator)];
    if (!partial)
        log(QStringLiteral("info"), tr("Judge: %1 estimator, %2 prior, %3 random orders — %4 ms")
                                        .arg(QLatin1String(jd::estimatorName(o.estimator)))
                                        .arg(a.transfer ? tr("transferred") : tr("weak"))
                                        .arg(a.margin.repetitions)
                                        .arg(ms));
    setSummary(tr("%1 samples × %2 judges · Â (%3, all labels) = %4\nstopped at m = %5 (%6): "
                  "Â = %7, band [%8, %9]")
                   .arg(a.m)
                   .arg(a.n)
                   .arg(QLatin1String(jd::estimatorName(o.estimator)))
                   .arg(chosen.accuracy, 0, 'f', 3)
                   .arg(a.trace.stopM)
                   .arg(QLatin1String(jd::stopReasonName(a.trace.reason)))
                   .arg(stop.accuracy, 0, 'f', 3)
                   .arg(stop.lo, 0, 'f', 3)
                   .arg(stop.hi, 0, 'f', 3));
    redraw();
}

void JudgeView::redraw() {
    const jd::JudgeAnalysis* a = m_controller->analysis();
    if (!a) return;
    const Theme t = theme();
    FigureTabs* f = figures();
    const QStringList names = m_controller->sourceNames();
    plotPmf(f->panel(QStringLiteral("pmf"))->plot(), *a, names, t);
    plotError(f->panel(QStringLiteral("error"))->plot(), *a, names, t);
    plotStopping(f->panel(QStringLiteral("stopping"))->plot(), *a,
                 m_controller->options().estimator, names, t);
    plotTransfer(f->panel(QStringLiteral("transfer"))->plot(), *a, names, t);
    f->setTheme(t);  // styles what the plot functions added
    figuresUpdated();
}

ViewEntry judgeViewEntry() {
    return makeViewEntry<JudgeView>(QStringLiteral("judge"), JudgeView::tr("Judge"),
                                    QStringLiteral(":/icons/judge.svg"), judge::settingsSpec(),
                                    figureSpecs(), opensFile);
}

}  // namespace assay::views
