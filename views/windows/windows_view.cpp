#include "views/windows/windows_view.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <limits>

#include "assay/core/error.h"
#include "assay/tokens/image.h"
#include "assay/tokens/token_budget.h"
#include "assay/tokens/token_reduction.h"
#include "assay/tokens/windows_analysis.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/painted_figure.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_panel.h"
#include "views/common/settings_panel.h"
#include "views/windows/windows_controller.h"
#include "views/windows/windows_inputs.h"
#include "views/windows/windows_settings.h"
#include "views/windows/windows_view_support.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initWindowsResources() { Q_INIT_RESOURCE(windows); }

namespace assay::views {

namespace tokens = core::tokens;
using namespace windows;
using namespace windows_detail;

namespace {

QVector<FigureSpec> figureSpecs() {
    return {{QStringLiteral("overlay"), WindowsView::tr("Overlay"), QSize(1100, 860)},
            {QStringLiteral("similarity"), WindowsView::tr("Maps"), QSize(1500, 560)},
            {QStringLiteral("members"), WindowsView::tr("Members"), QSize(820, 760)},
            {QStringLiteral("histogram"), WindowsView::tr("Histograms"), QSize(1000, 660)},
            {QStringLiteral("budget"), WindowsView::tr("Budget"), QSize(980, 440)}};
}

}  // namespace

WindowsView::WindowsView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, windows::settingsSpec(), parent),
      m_controller(new WindowsController(runner, this)),
      m_overlay(new PaintedFigure(this)),
      m_budget(new PaintedFigure(this)) {
    initWindowsResources();
    m_overlay->setObjectName(QStringLiteral("windows-overlay"));
    m_budget->setObjectName(QStringLiteral("windows-budget"));
    for (const FigureSpec& s : figureSpecs()) {
        if (s.id == QLatin1String("overlay"))
            figures()->addCustom(s, m_overlay, [this](const QString& p, const ExportOptions& o) {
                m_overlay->exportTo(p, o);
            });
        else if (s.id == QLatin1String("budget"))
            figures()->addCustom(s, m_budget, [this](const QString& p, const ExportOptions& o) {
                m_budget->exportTo(p, o);
            });
        else
            figures()->addPlot(s);
    }
    connect(m_overlay, &PaintedFigure::clicked, this, &WindowsView::onOverlayClicked);
    figures()->showMessage(tr("Open patch features, a photograph (PNG/JPEG) or the demo."));
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/windows.json")));
    layOutStandard();
    controls()->setSectionExpanded(llmSection(), false);
    controls()->setSectionExpanded(inputSection(), false);
    connect(m_controller, &WindowsController::inputLoaded, this, &WindowsView::onInputLoaded);
    connect(m_controller, &WindowsController::analysisReady, this, [this](qint64 ms) {
        log(QStringLiteral("info"),
            tr("Token windows: every method at %1 — %2 ms")
                .arg(gridText(m_controller->analysis()->results.empty()
                                  ? tokens::GridSize{}
                                  : m_controller->analysis()->results.front().out))
                .arg(ms));
        redraw();
    });
    connect(m_controller, &WindowsController::batchReady, this, &WindowsView::redraw);
    connect(m_controller, &WindowsController::failed, this, &WindowsView::reportError);
}

WindowsView::~WindowsView() = default;

QString WindowsView::title() const { return tr("Token windows"); }

void WindowsView::loadDemo() {
    log(QStringLiteral("info"),
        tr("Training the token windows demo: generated scenes (sky, ground, objects, text-like "
           "detail) and a small patch encoder, 24 × 24 patches"));
    m_controller->loadDemo();
}

void WindowsView::loadFile(const QString& path) {
    try {
        if (isImagePath(path)) {
            log(QStringLiteral("info"),
                tr("%1: a photograph — its features come from the demo encoder (trained here on "
                   "generated scenes), not from CLIP")
                    .arg(QFileInfo(path).fileName()));
            m_controller->loadPhotograph(
                path, tokens::preprocessFromName(values().get(kPreprocess).toStdString()));
            return;
        }
        const tokens::FeatureOptions options =
            featureOptions(values().get(kGrid), values().get(kCls));
        const QString image = underlayFor(path, values().get(kImage));
        m_controller->loadFeatures(
            path, options, image,
            tokens::preprocessFromName(values().get(kPreprocess).toStdString()));
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void WindowsView::onInputLoaded(const ViewInput& input) {
    const WindowsData& d = *m_controller->data();
    const tokens::PatchFeatures& f = *d.features;
    controls()->setChoiceEnabled(QLatin1String(kFeatureSet.key), QStringLiteral("features-b"),
                                 f.hasSecondSet());
    controls()->setChoiceEnabled(QLatin1String(kMethod.key), QStringLiteral("cls"),
                                 f.hasAttention());
    QVariantMap adapt;
    if (!f.hasSecondSet() && values().get(kFeatureSet) != QLatin1String("features"))
        adapt.insert(QLatin1String(kFeatureSet.key), QStringLiteral("features"));
    if (!f.hasAttention() && values().get(kMethod) == QLatin1String("cls")) {
        log(QStringLiteral("info"),
            tr("Token windows: CLS selection needs CLS attention, which this input lacks; showing "
               "WiCo"));
        adapt.insert(QLatin1String(kMethod.key), QStringLiteral("wico"));
    }
    // A budget the grid cannot take moves to half the grid (or the nearest that divides).
    const std::vector<tokens::GridSize> budgets = tokens::budgetGrids(f.grid());
    const int side = values().get(kOutGrid);
    const bool fits = std::any_of(budgets.begin(), budgets.end(),
                                  [&](const tokens::GridSize& g) { return g.rows == side; });
    if (!fits && !budgets.empty()) {
        int best = budgets.front().rows;
        for (const tokens::GridSize& g : budgets)
            if (std::abs(g.rows - f.grid().rows / 2) < std::abs(best - f.grid().rows / 2))
                best = g.rows;
        adapt.insert(QLatin1String(kOutGrid.key), best);
    }
    if (values().get(kPatch) >= f.grid().patches()) adapt.insert(QLatin1String(kPatch.key), -1);
    if (values().get(kIndex) >= f.images()) adapt.insert(QLatin1String(kIndex.key), 0);
    if (!adapt.isEmpty()) adjustValues(adapt);
    m_rowsImage = -1;
    setInput(input);
}

QString WindowsView::budgetProblem() const {
    const WindowsData* d = m_controller->data();
    if (!d) return {};
    const tokens::GridSize g = d->features->grid();
    const int side = values().get(kOutGrid);
    QStringList ok;
    for (const tokens::GridSize& b : tokens::budgetGrids(g)) {
        if (b.rows == side) return {};
        ok << QString::number(b.rows);
    }
    return tr("out-grid %1 does not divide the %2 grid: windows would overlap and κ² would not "
              "equal the window size (papers.md §3(c)); sides that work: %3")
        .arg(side)
        .arg(gridText(g), ok.join(QStringLiteral(", ")));
}

void WindowsView::recompute(Stage from, const QStringList& changed) {
    const WindowsData* d = m_controller->data();
    if (from != Stage::Figure && d) {
        if (const QString why = budgetProblem(); !why.isEmpty()) {
            reportError(tr("Token windows: %1").arg(why));
            redraw();
            return;
        }
        const Settings& v = values();
        tokens::WindowsRequest request;
        const tokens::GridSize g = d->features->grid();
        for (const tokens::GridSize& b : tokens::budgetGrids(g))
            if (b.rows == v.get(kOutGrid)) request.budgets = {b};
        request.tomeR = v.get(kTomeR);
        request.upsampling = tokens::upsamplingFromName(v.get(kUpsampling).toStdString());
        request.wicoPlus = tokens::wicoPlusModeFromName(v.get(kWicoPlus).toStdString());
        request.secondSet = v.get(kFeatureSet) == QLatin1String("features-b");
        m_controller->analyse(v.get(kIndex), request);
        // The batch statistics do not depend on the shown image or budget (they cover every
        // budget): only the analysis settings that change the groups or features run them again.
        const bool batch = !m_controller->batch() || changed.contains(QLatin1String(kTomeR.key)) ||
                           changed.contains(QLatin1String(kFeatureSet.key)) ||
                           changed.contains(QLatin1String(kUpsampling.key)) ||
                           changed.contains(QLatin1String(kWicoPlus.key));
        if (batch) {
            // The chosen budget first: the batch's linear decoders are fitted at the first one
            // (at 1 × 1 they would need H·W maps of D × D).
            tokens::WindowsRequest all = request;
            for (const tokens::GridSize& b : tokens::budgetGrids(g))
                if (b.rows != request.budgets.front().rows) all.budgets.push_back(b);
            m_controller->analyseBatch(all);
        }
        return;
    }
    redraw();
}

bool WindowsView::hasResult() const { return m_controller->analysis() != nullptr; }

void WindowsView::onOverlayClicked(const QPointF& at) {
    if (!m_controller->analysis() || m_scene.panels.empty()) return;
    const OverlayLayout layout =
        overlayLayout(m_scene, QSizeF(m_overlay->size()), m_overlay->theme(), m_overlay);
    const OverlayHit hit = overlayHitAt(m_scene, layout, at);
    if (hit.patch < 0) return;
    // A second click on the selected patch clears the selection.
    const int next = hit.patch == values().get(kPatch) ? -1 : hit.patch;
    applySettings({{QLatin1String(kPatch.key), next}});
}

void WindowsView::redraw() {
    if (!m_controller->data()) return;
    const Theme t = theme();
    drawOverlay();
    drawMaps();
    drawMembers();
    drawHistogram();
    drawBudget();
    figures()->setTheme(t);
    m_overlay->setTheme(t);
    m_budget->setTheme(t);
    figuresUpdated();
}

QString WindowsView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    if (const QString why = budgetProblem(); !why.isEmpty() && id != QLatin1String("budget"))
        return tr("'%1': %2").arg(id, why);
    const tokens::ImageAnalysis* a = m_controller->analysis();
    if (id == QLatin1String("overlay") || id == QLatin1String("members")) {
        if (values().get(kCompare) == QLatin1String("one") || id == QLatin1String("members"))
            for (const tokens::MethodResult& r : a->results)
                if (methodId(r.method) == values().get(kMethod) && !r.unavailable.empty())
                    return tr("'%1': %2: %3")
                        .arg(id, values().get(kMethod), QString::fromStdString(r.unavailable));
    }
    if ((id == QLatin1String("overlay") && values().get(kCompare) == QLatin1String("one")) ||
        id == QLatin1String("members")) {
        if (a->results.empty() ||
            !a->find(tokens::reductionMethodFromName(values().get(kMethod).toStdString()),
                     a->results.front().out))
            return tr("'%1': %2 is not computed for this input (CLS selection needs CLS "
                      "attention)")
                .arg(id, values().get(kMethod));
    }
    if (id == QLatin1String("members") && m_members.empty())
        return tr("'members': no group of two or more patches to compare");
    if (id == QLatin1String("histogram") && !m_controller->batch())
        return tr("'histogram': %1")
            .arg(m_controller->batchError().isEmpty() ? tr("the batch statistics are not ready")
                                                      : m_controller->batchError());
    if (id == QLatin1String("budget") && !m_table.error.isEmpty())
        return tr("'budget': %1").arg(m_table.error);
    return {};
}

ViewEntry windowsViewEntry() {
    return makeViewEntry<WindowsView>(
        QStringLiteral("windows"), WindowsView::tr("Token windows"),
        QStringLiteral(":/icons/windows.svg"), windows::settingsSpec(), figureSpecs(),
        opensWindowsInput,
        {{QStringLiteral("features"),
          WindowsView::tr("patch features [H,W,D] / [N,D] + grid metadata / [B,H,W,D]")},
         {QStringLiteral("features_b"), WindowsView::tr("optional second feature set, same shape")},
         {QStringLiteral("attention"), WindowsView::tr("optional CLS attention [N] or [B,N]")},
         {QStringLiteral("image"),
          WindowsView::tr("a PNG/JPEG photograph (features from the demo encoder)")}});
}

}  // namespace assay::views
