// The Token windows view's figures: the overlay scene, the maps, the members matrix, the
// histograms and the budget table, drawn from the controller's analysis (WindowsView::redraw).
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
#include "views/windows/windows_view.h"
#include "views/windows/windows_view_support.h"

namespace assay::views {

namespace windows_detail {

namespace tokens = core::tokens;

QString methodId(tokens::ReductionMethod m) {
    return QString::fromLatin1(tokens::reductionMethodName(m));
}

QString gridText(tokens::GridSize g) { return QStringLiteral("%1 × %2").arg(g.rows).arg(g.cols); }

QImage toQImage(const tokens::RgbImage& image) {
    if (image.empty()) return {};
    return QImage(image.rgb.data(), image.width, image.height, image.width * 3,
                  QImage::Format_RGB888)
        .copy();
}

// Each patch's value of its group's s_w (NaN: dropped, or a group of one patch).
std::vector<double> groupValuePerPatch(const tokens::TokenReduction& r) {
    std::vector<double> v(r.source.size(), kNaN);
    for (std::size_t i = 0; i < r.source.size(); ++i)
        if (r.source[i] >= 0 && std::size_t(r.source[i]) < r.similarity.size())
            v[i] = r.similarity[std::size_t(r.source[i])];
    return v;
}

}  // namespace windows_detail

namespace tokens = core::tokens;
using namespace windows;
using namespace windows_detail;

void WindowsView::drawOverlay() {
    const WindowsData& d = *m_controller->data();
    const tokens::ImageAnalysis* a = m_controller->analysis();
    const Settings& v = values();
    const int index = std::clamp(v.get(kIndex), 0, d.features->images() - 1);
    OverlayScene s;
    s.grid = d.features->grid();
    const tokens::PreparedImage& image = d.images[std::size_t(index)];
    s.image = toQImage(image.square);
    if (!s.image.isNull())
        s.photoRect =
            QRectF(image.photoRect[0], image.photoRect[1], image.photoRect[2], image.photoRect[3]);
    s.showGrid = v.get(kPatchGrid);
    s.opacity = v.get(kOpacity);
    const QString heat = v.get(kHeatmap);
    s.showHeat = heat != QLatin1String("none");
    const QString name = QString::fromStdString(d.names[std::size_t(index)]);
    const QString problem = budgetProblem();
    if (!a || !problem.isEmpty()) {
        s.title = name;
        s.showHeat = false;
        s.caption << (problem.isEmpty() ? tr("Computing the reductions…") : problem);
        OverlayPanel p;
        p.title = tr("Patch grid %1").arg(gridText(s.grid));
        s.panels.push_back(p);
        m_scene = s;
        const OverlayScene scene = m_scene;
        m_overlay->setDrawing([scene](QPainter& painter, QSizeF size,
                                      Theme theme) { paintOverlay(painter, scene, size, theme); },
                              [scene] { return overlayCsv(scene); });
        return;
    }
    const tokens::GridSize out = a->results.front().out;
    const int patch = v.get(kPatch);
    QStringList unavailable;
    std::vector<double> all;
    for (const tokens::MethodResult& r : a->results) {
        const bool chosen = methodId(r.method) == v.get(kMethod);
        if (v.get(kCompare) == QLatin1String("one") && !chosen) continue;
        if (!r.unavailable.empty()) {
            unavailable << tr("%1: %2").arg(methodTitle(methodId(r.method)),
                                            QString::fromStdString(r.unavailable));
            continue;
        }
        OverlayPanel p;
        p.title = methodTitle(methodId(r.method));
        p.subtitle =
            tr("%1 tokens · s_w %2 · error %3")
                .arg(r.reduction.tokenCount)
                .arg(std::isfinite(r.meanSimilarity) ? QString::number(r.meanSimilarity, 'f', 3)
                                                     : tr("—"))
                .arg(r.meanError, 0, 'f', 3);
        p.source.assign(r.reduction.source.begin(), r.reduction.source.end());
        if (heat == QLatin1String("error"))
            p.heat = r.error;
        else if (heat == QLatin1String("wico-plus"))
            p.heat = a->wicoPlusCosine;
        else
            p.heat = groupValuePerPatch(r.reduction);
        if (patch >= 0 && std::size_t(patch) < p.source.size() && p.source[std::size_t(patch)] >= 0)
            p.highlighted = r.reduction.members[std::size_t(p.source[std::size_t(patch)])];
        all.insert(all.end(), p.heat.begin(), p.heat.end());
        s.panels.push_back(std::move(p));
    }
    if (!a->find(tokens::reductionMethodFromName(v.get(kMethod).toStdString()), out))
        unavailable << tr("%1: not computed for this input (CLS selection needs CLS attention)")
                           .arg(methodTitle(v.get(kMethod)));
    MetricRange metric;
    if (heat == QLatin1String("error")) {
        metric.minimum = 0;
        s.heatLabel = tr("error ‖v̂ − v‖² / ‖v‖²");
    } else if (heat == QLatin1String("wico-plus")) {
        metric.minimum = -1;
        metric.maximum = 1;
        s.heatLabel = tr("WiCo+ cosine to the original");
    } else {
        metric.minimum = -1;
        metric.maximum = 1;
        s.heatLabel = tr("s_w (mean pairwise cosine)");
    }
    s.scale = colourScaleFor(metric, all);
    const tokens::WindowGeometry geom = tokens::windowGeometry(s.grid, out);
    s.title = tr("%1 · %2 patches → %3 = %4 tokens (κ = %5)")
                  .arg(name, gridText(s.grid), gridText(out))
                  .arg(out.rows * out.cols)
                  .arg(geom.kernelRows);
    if (d.demoEncoder)
        s.caption << (d.source == WindowsData::Source::Demo
                          ? tr("Features: the demo's small patch encoder, trained here on "
                               "generated scenes (not CLIP).")
                          : tr("Features: the demo encoder (trained on generated scenes), not "
                               "CLIP's — open captured CLIP features for those."));
    else
        s.caption << tr("Features: %1%2")
                         .arg(QString::fromStdString(d.features->path().filename().string()),
                              v.get(kFeatureSet) == QLatin1String("features-b")
                                  ? tr(" (features_b)")
                                  : QString());
    if (!s.image.isNull() && d.source != WindowsData::Source::Demo) {
        if (image.mode == tokens::Preprocess::Pad) {
            const std::vector<tokens::PatchCover> cover =
                tokens::patchCover(image, s.grid.rows, s.grid.cols);
            const long padding =
                std::count(cover.begin(), cover.end(), tokens::PatchCover::Padding);
            s.caption << tr("Padded to a square with CLIP's mean colour (LLaVA-1.5); dashed: the "
                            "photograph. %1 of %2 patches lie over padding only.")
                             .arg(padding)
                             .arg(cover.size());
        } else {
            s.caption << tr("Centre crop (CLIP's processor): the square shows %1 × %2 of the "
                            "photograph's pixels from (%3, %4).")
                             .arg(image.sourceRect[2], 0, 'f', 0)
                             .arg(image.sourceRect[3], 0, 'f', 0)
                             .arg(image.sourceRect[0], 0, 'f', 0)
                             .arg(image.sourceRect[1], 0, 'f', 0);
        }
    } else if (s.image.isNull()) {
        s.caption << tr(
            "No image for these features (give one with the image setting): the grid "
            "is drawn on a plain square.");
    }
    if (patch >= 0 && patch < s.grid.patches())
        s.caption << tr("Selected patch (%1, %2): outlined, its group in each method; click it "
                        "again to clear.")
                         .arg(patch / s.grid.cols)
                         .arg(patch % s.grid.cols);
    else
        s.caption << tr(
            "Click a patch: its window or merged token is outlined and its members' "
            "similarity fills the Members tab.");
    if (!unavailable.isEmpty()) s.caption << unavailable.join(QStringLiteral("; "));
    m_scene = s;
    const OverlayScene scene = m_scene;
    m_overlay->setDrawing([scene](QPainter& painter, QSizeF size,
                                  Theme theme) { paintOverlay(painter, scene, size, theme); },
                          [scene] { return overlayCsv(scene); });
}

void WindowsView::drawMaps() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("similarity"))->plot();
    const tokens::ImageAnalysis* a = m_controller->analysis();
    if (!a || !budgetProblem().isEmpty()) {
        plotMessage(plot,
                    budgetProblem().isEmpty() ? tr("Computing the reductions…") : budgetProblem());
        return;
    }
    const QString heat = values().get(kHeatmap);
    const tokens::GridSize g = a->grid;
    std::vector<NamedMap> maps;
    auto cellsOf = [&](const std::vector<double>& values) {
        HeatmapCells c;
        c.cols = g.cols;
        c.rows = g.rows;
        c.values = values;
        return c;
    };
    MetricRange metric;
    QString label, title;
    if (heat == QLatin1String("wico-plus")) {
        maps.push_back({tr("WiCo+ (%1)").arg(values().get(kWicoPlus)), cellsOf(a->wicoPlusCosine)});
        metric.minimum = -1;
        metric.maximum = 1;
        label = tr("cosine to the original token");
        title = tr("WiCo+: pooled %1 tokens upsampled back to %2, cosine per patch")
                    .arg(gridText(a->wicoPlusOut), gridText(g));
    } else {
        const bool error = heat == QLatin1String("error");
        QStringList singles;
        for (const tokens::MethodResult& r : a->results) {
            if (!r.unavailable.empty()) continue;
            // CLS selection keeps single patches: no s_w anywhere, no panel (said in the title).
            if (!error && r.singletons == r.reduction.tokenCount) {
                singles << methodTitle(methodId(r.method));
                continue;
            }
            maps.push_back({methodTitle(methodId(r.method)),
                            cellsOf(error ? r.error : groupValuePerPatch(r.reduction))});
        }
        metric.minimum = error ? 0 : -1;
        if (!error) metric.maximum = 1;
        label = error ? tr("reconstruction error") : tr("s_w of the patch's group");
        title = error ? tr("Per-patch reconstruction error (%1 upsampling), methods at %2")
                            .arg(values().get(kUpsampling), gridText(a->results.front().out))
                      : tr("Within-group similarity s_w per patch, methods at %1%2")
                            .arg(gridText(a->results.front().out),
                                 singles.isEmpty() ? QString()
                                                   : tr(" (%1: single patches, no s_w)")
                                                         .arg(singles.join(QStringLiteral(", "))));
    }
    plotMaps(plot, maps, metric, label, title, theme());
}

void WindowsView::drawMembers() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("members"))->plot();
    m_members.clear();
    const tokens::ImageAnalysis* a = m_controller->analysis();
    if (!a || !budgetProblem().isEmpty()) {
        plotMessage(plot, tr("Computing the reductions…"));
        return;
    }
    const Settings& v = values();
    const tokens::MethodResult* r = nullptr;
    for (const tokens::MethodResult& m : a->results)
        if (methodId(m.method) == v.get(kMethod)) r = &m;
    if (!r || !r->unavailable.empty()) {
        plotMessage(plot, r ? QString::fromStdString(r->unavailable) : tr("No such method"));
        return;
    }
    const tokens::TokenReduction& red = r->reduction;
    const int patch = v.get(kPatch);
    int token = -1;
    QString why;
    if (patch >= 0 && std::size_t(patch) < red.source.size()) {
        token = red.source[std::size_t(patch)];
        if (token < 0) {
            plotMessage(plot, tr("Patch %1 is dropped by %2: no token holds it.")
                                  .arg(patch)
                                  .arg(methodTitle(v.get(kMethod))));
            return;
        }
        why = tr("patch %1, %2").arg(patch / a->grid.cols).arg(patch % a->grid.cols);
    } else {
        // No selection: the most mixed group (lowest s_w), the one worth a look.
        double lowest = std::numeric_limits<double>::infinity();
        for (std::size_t t = 0; t < red.similarity.size(); ++t)
            if (std::isfinite(red.similarity[t]) && red.similarity[t] < lowest)
                lowest = red.similarity[t], token = int(t);
        if (token < 0) {
            plotMessage(plot, tr("Every group of %1 is one patch: no pairs to compare.")
                                  .arg(methodTitle(v.get(kMethod))));
            return;
        }
        why = tr("lowest s_w; click to choose");
    }
    m_members = red.members[std::size_t(token)];
    const bool second = v.get(kFeatureSet) == QLatin1String("features-b");
    if (m_rowsImage != a->image || m_rowsSecond != second) {
        m_rows = m_controller->data()->features->imageRows(a->image, second);
        m_rowsImage = a->image;
        m_rowsSecond = second;
    }
    const std::vector<double> cosine = tokens::pairwiseCosine(m_rows.data(), a->dim, m_members);
    QStringList names;
    for (int p : m_members)
        names << QStringLiteral("(%1,%2)").arg(p / a->grid.cols).arg(p % a->grid.cols);
    plotMembers(plot, cosine, names,
                tr("%1 token %2 (%3): %4 patches, s_w = %5")
                    .arg(methodShort(v.get(kMethod)))
                    .arg(token)
                    .arg(why)
                    .arg(m_members.size())
                    .arg(red.similarity[std::size_t(token)], 0, 'f', 3),
                theme());
}

void WindowsView::drawHistogram() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("histogram"))->plot();
    const tokens::BatchStatistics* b = m_controller->batch();
    if (!b) {
        plotMessage(plot, m_controller->batchError().isEmpty() ? tr("Computing s_w over the batch…")
                                                               : m_controller->batchError());
        return;
    }
    const Settings& v = values();
    const bool byMethod = v.get(kHistogram) == QLatin1String("methods");
    std::vector<Distribution> series;
    // Budgets from the most tokens to the fewest (the batch runs the chosen one first).
    std::vector<const tokens::SimilarityDistribution*> order;
    for (const tokens::SimilarityDistribution& s : b->similarity) order.push_back(&s);
    std::stable_sort(order.begin(), order.end(), [](const auto* x, const auto* y) {
        return x->out.patches() > y->out.patches();
    });
    for (const tokens::SimilarityDistribution* sp : order) {
        const tokens::SimilarityDistribution& s = *sp;
        if (byMethod ? s.out.rows != v.get(kOutGrid) : methodId(s.method) != v.get(kMethod))
            continue;
        Distribution d;
        d.name = byMethod ? methodShort(methodId(s.method))
                          : tr("%1 = %2 tokens").arg(gridText(s.out)).arg(s.out.rows * s.out.cols);
        d.values = s.values;
        d.singletons = s.singletons;
        series.push_back(std::move(d));
    }
    const QString over = b->images == 1 ? tr("over one image (open a batch for a dataset)")
                                        : tr("over %1 images").arg(b->images);
    plotDistributions(plot, series,
                      byMethod
                          ? tr("s_w %1, every method at %2 × %2").arg(over).arg(v.get(kOutGrid))
                          : tr("s_w %1, %2 at every budget").arg(over, methodShort(v.get(kMethod))),
                      theme());
}

void WindowsView::drawBudget() {
    const Settings& v = values();
    const tokens::GridSize g = m_controller->data()->features->grid();
    tokens::LlmShape llm;
    llm.parameters = v.get(kLlmParams) * 1e9;
    llm.layers = v.get(kLlmLayers);
    llm.width = v.get(kLlmWidth);
    llm.heads = v.get(kLlmHeads);
    llm.kvHeads = v.get(kLlmKvHeads);
    llm.bytesPerElement = v.get(kLlmBytes);
    llm.textTokens = v.get(kTextTokens);
    BudgetTable table;
    table.llm = tr("LLM: P = %1 B parameters, L = %2 layers, d = %3, %4 / %5 KV heads, b = %6 "
                   "bytes, %7 text tokens")
                    .arg(v.get(kLlmParams))
                    .arg(llm.layers)
                    .arg(llm.width)
                    .arg(llm.kvHeads)
                    .arg(llm.heads)
                    .arg(llm.bytesPerElement)
                    .arg(llm.textTokens);
    try {
        table.rows = tokens::budgetTable(g, llm);
    } catch (const core::Error& e) {
        table.error = QString::fromUtf8(e.what());
    }
    const std::vector<tokens::GridSize> budgets = tokens::budgetGrids(g);
    const int chosen = v.get(kOutGrid) * v.get(kOutGrid);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const int t = table.rows[r].visualTokens;
        QString text;
        if (t == g.patches()) text = tr("%1 (full)").arg(gridText(g));
        for (const tokens::GridSize& b : budgets)
            if (b.rows * b.cols == t) text = gridText(b);
        table.grids.push_back(text);
        if (t == chosen && t != g.patches()) table.chosenRow = int(r);
    }
    m_table = table;
    m_budget->setDrawing(
        [table](QPainter& p, QSizeF size, Theme theme) { paintBudgetTable(p, table, size, theme); },
        [table] { return budgetCsv(table); });
}

}  // namespace assay::views
