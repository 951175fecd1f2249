#include "views/inversion/inversion_view.h"

#include <QFileInfo>
#include <cmath>

#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/painted_figure.h"
#include "views/common/plot_panel.h"
#include "views/inversion/inversion_controller.h"
#include "views/inversion/inversion_painted.h"
#include "views/inversion/inversion_plots.h"
#include "views/inversion/inversion_settings.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initInversionResources() { Q_INIT_RESOURCE(inversion); }

namespace assay::views {

namespace ex = core::explain;
using namespace inversion;

namespace {

QVector<FigureSpec> figureSpecs() {
    return {{QStringLiteral("bars"), InversionView::tr("Attributions"), QSize(1100, 680)},
            {QStringLiteral("image"), InversionView::tr("Image heatmaps"), QSize(1500, 520)},
            {QStringLiteral("text"), InversionView::tr("Text highlighting"), QSize(1300, 760)},
            {QStringLiteral("scatter"), InversionView::tr("R vs 1 − F"), QSize(860, 800)},
            {QStringLiteral("sweep"), InversionView::tr("IS vs strength"), QSize(1000, 680)},
            {QStringLiteral("poke"), InversionView::tr("Pokes"), QSize(860, 800)},
            {QStringLiteral("stability"), InversionView::tr("Stability"), QSize(1100, 680)}};
}

constexpr int kTextLines = 4;  // sentences in the text figure, from the shown item on

ex::Domain domainOf(const QString& id) {
    return id == QLatin1String("image")  ? ex::Domain::Image
           : id == QLatin1String("text") ? ex::Domain::Text
                                         : ex::Domain::Tabular;
}

}  // namespace

InversionView::InversionView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, inversion::settingsSpec(), parent),
      m_controller(new InversionController(runner, this)),
      m_image(new PaintedFigure(this)),
      m_text(new PaintedFigure(this)) {
    initInversionResources();
    for (const FigureSpec& s : figureSpecs()) {
        if (s.id == QLatin1String("image"))
            figures()->addCustom(s, m_image, [this](const QString& p, const ExportOptions& o) {
                m_image->exportTo(p, o);
            });
        else if (s.id == QLatin1String("text"))
            figures()->addCustom(s, m_text, [this](const QString& p, const ExportOptions& o) {
                m_text->exportTo(p, o);
            });
        else
            figures()->addPlot(s);
    }
    figures()->showMessage(tr("Open the demo: the view explains models on its synthetic sets."));
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/inversion.json")));
    layOutStandard();
    connect(m_controller, &InversionController::inputLoaded, this, [this](const ViewInput& input) {
        log(QStringLiteral("info"),
            input.demo ? tr("Opened the Inversion demo: synthetic sets with a spurious cue, "
                            "their clean and shortcut models trained here")
                       : tr("Opened %1: %2").arg(QFileInfo(input.path).fileName(), input.summary));
        setInput(input);
        // Until the first analysis is drawn (seconds; longer on a busy machine), say what runs.
        if (!hasResult())
            figures()->showMessage(tr("Training the models and explaining the three sets…"));
    });
    connect(m_controller, &InversionController::resultReady, this, &InversionView::onResultReady);
    connect(m_controller, &InversionController::failed, this, &InversionView::reportError);
}

InversionView::~InversionView() = default;

QString InversionView::title() const { return tr("Inversion"); }

void InversionView::loadDemo() { m_controller->loadDemo(std::uint64_t(values().get(kSeed))); }

void InversionView::loadFile(const QString& path) { m_controller->loadResult(path); }

void InversionView::recompute(Stage from, const QStringList&) {
    // An opened explain result is drawn as it is: the analysis settings are the synthetic sets'.
    if (from == Stage::Figure || m_controller->result()) return redraw();
    const Settings& v = values();
    ex::InversionRequest r;
    r.model =
        v.get(kModel) == QLatin1String("clean") ? ex::ModelKind::Clean : ex::ModelKind::Shortcut;
    r.strengths = {v.get(kStrength)};
    if (v.get(kSweep)) {
        const int n = v.get(kSweepPoints);
        // The explained strength is the sweep's first point already: no second training there.
        for (int k = 0; k < n; ++k)
            if (const double s = double(k) / (n - 1); std::abs(s - r.strengths.front()) > 1e-9)
                r.strengths.push_back(s);
    }
    r.methods = {ex::Method::Lime, ex::Method::KernelShap};
    r.items = v.get(kItems);
    r.nsamples = v.get(kNsamples);
    r.p = v.get(kP);
    r.lambda = v.get(kLambda);
    r.stabilitySeeds = v.get(kStabilitySeeds);
    r.seed = std::uint64_t(v.get(kSeed));
    m_controller->analyse(r);
}

bool InversionView::hasResult() const {
    return m_controller->result() || m_controller->analysis(ex::Domain::Tabular) != nullptr;
}

const ex::InversionAnalysis* InversionView::shownAnalysis() const {
    return m_controller->analysis(domainOf(values().get(kDomain)));
}

QString InversionView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    if (const ExplainResult* r = m_controller->result()) {
        if (id != QLatin1String("bars"))
            return tr("'%1': %2 holds attributions only (no ground truth, pokes, seeds or "
                      "sweep); open the demo for this figure")
                .arg(id, r->fileName);
        if (values().get(kItem) >= r->rows)
            return tr("'bars': item %1 is past the %2 rows of %3")
                .arg(values().get(kItem))
                .arg(r->rows)
                .arg(r->fileName);
        return {};
    }
    // The image and text figures show their own domain's set, the others the shown domain's.
    const ex::InversionAnalysis& a =
        id == QLatin1String("image")  ? *m_controller->analysis(ex::Domain::Image)
        : id == QLatin1String("text") ? *m_controller->analysis(ex::Domain::Text)
                                      : *shownAnalysis();
    const int item = values().get(kItem);
    const bool perItem = id == QLatin1String("bars") || id == QLatin1String("image") ||
                         id == QLatin1String("text") || id == QLatin1String("poke") ||
                         id == QLatin1String("stability");
    if (perItem && item >= int(a.set.items.size()))
        return tr("'%1': item %2 is past the %3 explained items (the items setting)")
            .arg(id)
            .arg(item)
            .arg(a.set.items.size());
    if (id == QLatin1String("sweep") && a.sweep.empty())
        return tr("'sweep': needs the strength sweep (the sweep setting)");
    if (id == QLatin1String("stability") && a.request.stabilitySeeds <= 0)
        return tr("'stability': needs stability seeds > 0");
    return {};
}

QString InversionView::meansText(const ex::InversionAnalysis& a) const {
    QStringList means;
    for (const ex::MethodResult& m : a.methods)
        means << tr("%1: R %2, F %3, IS %4 → %5 after RBP")
                     .arg(methodLabel(m.method))
                     .arg(m.meanR, 0, 'f', 2)
                     .arg(m.meanF, 0, 'f', 2)
                     .arg(m.meanIS, 0, 'f', 2)
                     .arg(m.meanIS_rbp, 0, 'f', 2);
    return means.join(QStringLiteral("; "));
}

void InversionView::onResultReady(qint64 ms) {
    for (ex::Domain d : {ex::Domain::Tabular, ex::Domain::Image, ex::Domain::Text}) {
        const ex::InversionAnalysis& a = *m_controller->analysis(d);
        log(QStringLiteral("info"), tr("Inversion: %1, %2 items — %3")
                                        .arg(analysisCaption(a))
                                        .arg(a.set.items.size())
                                        .arg(meansText(a)));
    }
    log(QStringLiteral("info"), tr("Inversion: three domains analysed in %1 ms").arg(ms));
    redraw();
}

void InversionView::redrawResult(const ExplainResult& r) {
    const int item = values().get(kItem);
    const int output = int(r.C) - 1;  // a binary model's one output; else the last explained
    plotAttributionBars(figures()->panel(QStringLiteral("bars"))->plot(),
                        explainResultRows(r, item, output),
                        tr("Row %1 · output %2 · %3")
                            .arg(item < r.rows ? r.rowIndex[std::size_t(item)] : item)
                            .arg(r.labels.empty() ? output : r.labels.back())
                            .arg(explainResultCaption(r)),
                        theme());
    figures()->setTheme(theme());
    figuresUpdated();
    setSummary(tr("%1\n%2 attributions, %3 rows × %4 features; no ground truth, so only the "
                  "bars figure draws it (the demo has the others)")
                   .arg(r.fileName, r.method)
                   .arg(r.rows)
                   .arg(r.M));
}

void InversionView::redraw() {
    if (const ExplainResult* r = m_controller->result()) return redrawResult(*r);
    const ex::InversionAnalysis* a = shownAnalysis();
    if (!a) return;
    const Theme t = theme();
    const Settings& v = values();
    const int item = v.get(kItem);
    const ex::Method shown =
        v.get(kMethod) == QLatin1String("lime") ? ex::Method::Lime : ex::Method::KernelShap;
    const QString caption = analysisCaption(*a);
    FigureTabs* f = figures();
    const auto plot = [f](const char* id) { return f->panel(QLatin1String(id))->plot(); };
    const ItemRows rows = itemRows(*a, item, shown);
    plotAttributionBars(plot("bars"), rows,
                        tr("Item %1 · %2 · f(x) explained for output %3")
                            .arg(item)
                            .arg(caption)
                            .arg(a->set.explainedLabel),
                        t);
    plotInversionScatter(plot("scatter"), scatterSeries(*a), a->request.p,
                         tr("Every item · %1 · p = %2").arg(caption).arg(a->request.p), t);
    plotStrengthSweep(plot("sweep"), sweepCurves(*a), a->set.strength,
                      tr("IS against the spurious strength · %1 model, λ = %2")
                          .arg(QString::fromLatin1(
                              a->request.model == ex::ModelKind::Clean ? "clean" : "shortcut"))
                          .arg(a->request.lambda),
                      t);
    plotPokes(plot("poke"), pokePoints(*a, item, shown),
              tr("Pokes · %1 · item %2 · %3").arg(methodLabel(shown)).arg(item).arg(caption), t);
    const StabilityBands bands = stabilityBands(*a, item, shown);
    QString r2;
    if (item < int(bands.localR2.size())) {
        double sum = 0, lo = 1e300;
        for (double x : bands.localR2) sum += x, lo = std::min(lo, x);
        r2 = tr(" · LIME local R² %1 (items: mean %2, min %3)")
                 .arg(bands.localR2[std::size_t(item)], 0, 'f', 3)
                 .arg(sum / double(bands.localR2.size()), 0, 'f', 3)
                 .arg(lo, 0, 'f', 3);
    }
    plotStability(plot("stability"), bands,
                  tr("%1 over %2 seeds · item %3 · spread %4%5")
                      .arg(methodLabel(shown))
                      .arg(a->request.stabilitySeeds)
                      .arg(item)
                      .arg(bands.meanStd, 0, 'f', 3)
                      .arg(r2),
                  t);
    const ImageScene image = imageScene(*m_controller->analysis(ex::Domain::Image), item, shown);
    m_image->setDrawing(
        [image](QPainter& p, QSizeF size, Theme theme) { paintImageScene(p, image, size, theme); },
        [image] { return imageSceneCsv(image); });
    const TextScene text =
        textScene(*m_controller->analysis(ex::Domain::Text), item, kTextLines, shown);
    m_text->setDrawing(
        [text](QPainter& p, QSizeF size, Theme theme) { paintTextScene(p, text, size, theme); },
        [text] { return textSceneCsv(text); });
    m_image->setTheme(t);
    m_text->setTheme(t);
    f->setTheme(t);
    figuresUpdated();
    setSummary(tr("%1\n%2\n%3")
                   .arg(caption, QString::fromStdString(a->modelDescription),
                        meansText(*a).replace(QStringLiteral("; "), QStringLiteral("\n"))));
}

ViewEntry inversionViewEntry() {
    // Its own data is synthetic; the one file it reads is an `assay-run explain` result.
    return makeViewEntry<InversionView>(QStringLiteral("inversion"), InversionView::tr("Inversion"),
                                        QStringLiteral(":/icons/inversion.svg"),
                                        inversion::settingsSpec(), figureSpecs(),
                                        [](const FileContents& f) { return isExplainResult(f); });
}

}  // namespace assay::views
