// The Probes view's figures, drawn from the controller's results (ProbesView::redraw).
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "assay/probes/probes_analysis.h"
#include "views/common/painted_figure.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_panel.h"
#include "views/probes/probes_controller.h"
#include "views/probes/probes_plots.h"
#include "views/probes/probes_settings.h"
#include "views/probes/probes_view.h"

namespace assay::views {

namespace probes = core::probes;
using namespace probes_settings;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Palette entries (Okabe-Ito, plot_theme.h): the classes keep their colours in every figure.
constexpr int kRealColour = 0;          // blue
constexpr int kHallucinatedColour = 1;  // vermillion

QString f3(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("—"); }

}  // namespace

void ProbesView::redraw() {
    if (!m_controller->data()) return;
    const Theme t = theme();
    figures()->setTheme(t);
    drawAuroc();
    drawRoc();
    drawHistograms();
    drawPca();
    drawSteering();
    drawTransfer();
    drawCosines();
    drawPreference();
    drawCaptions();
    m_tokens->setTheme(t);
    figuresUpdated();
}

void ProbesView::drawAuroc() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("auroc"))->plot();
    const probes::ProbesAnalysis* a = m_controller->analysis();
    if (!a) {
        plotMessage(plot, tr("Training the probes…"));
        return;
    }
    const ProbesData& d = *m_controller->data();
    std::vector<LayerCurve> curves;
    LayerCurve held;
    held.name = tr("A: %1, held out").arg(d.name);
    held.colour = kRealColour;
    LayerCurve cv;
    cv.name = tr("A: CV mean ± std (%1 folds)").arg(values().get(kCv));
    cv.colour = 4;  // sky blue: A's band
    for (const probes::LayerProbe& l : a->training.layers) {
        held.layers << l.layer;
        held.values << l.auroc;
        cv.layers << l.layer;
        cv.values << l.aurocCvMean;
        cv.spread << l.aurocCvStd;
    }
    if (values().get(kCv) >= 2) curves.push_back(cv);
    curves.push_back(held);
    if (const ProbesTransfer* t = m_controller->transfer()) {
        LayerCurve second;
        second.name = tr("B: %1, held out").arg(d.secondName);
        second.colour = 2;
        for (const probes::LayerProbe& l : t->second.layers)
            second.layers << l.layer, second.values << l.auroc;
        curves.push_back(second);
        LayerCurve transfer;
        transfer.name = tr("A's probe on B (ComnHallu, r = %1)").arg(t->forward.rank);
        transfer.colour = 3;
        transfer.style = Qt::DashLine;
        for (const probes::TransferLayer& l : t->forward.layers)
            transfer.layers << l.layer, transfer.values << l.auroc;
        curves.push_back(transfer);
    }
    if (const probes::PreferenceResult* p = m_controller->preference()) {
        const int colours[] = {5, 7, 1};  // pink, black, vermillion (not yellow on white)
        int colour = 0;
        for (const probes::PreferenceDataset& set : p->datasets) {
            LayerCurve c;
            c.name = tr("pairs: %1 (chosen vs rejected)").arg(QString::fromStdString(set.name));
            c.colour = colours[colour++ % 3];
            c.style = Qt::DotLine;
            for (const probes::PreferenceLayer& l : set.layers)
                c.layers << l.layer, c.values << l.auroc;
            curves.push_back(c);
        }
    }
    const int best = a->bestLayer();
    double bestAuroc = kNaN;
    for (const probes::LayerProbe& l : a->training.layers)
        if (l.layer == best) bestAuroc = l.auroc;
    plotLayerCurves(
        plot, curves, layerPosition() >= 0 ? shownLayer() : -1, tr("held-out AUROC"),
        tr("Held-out probe AUROC by layer: best layer %1 (%2)").arg(best).arg(f3(bestAuroc)),
        theme());
}

// The shown layer's position in the analysis, or −1 after drawing why there is none (still
// training, or a layer the data lacks) on `plot`: the preamble of every per-layer figure.
int ProbesView::shownPositionOrMessage(QCustomPlot* plot) const {
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const int pos = a ? layerPosition() : -1;
    if (pos < 0) plotMessage(plot, a ? layerProblem() : tr("Training the probes…"));
    return pos;
}

void ProbesView::drawRoc() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("roc"))->plot();
    const int pos = shownPositionOrMessage(plot);
    if (pos < 0) return;
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const probes::LayerProbe& l = a->training.layers[std::size_t(pos)];
    const probes::RocCurve& roc = a->layers[std::size_t(pos)].roc;
    plotRoc(plot, roc.fpr, roc.tpr, 1 - l.operating.specificity, l.operating.sensitivity,
            tr("sensitivity %1: specificity %2")
                .arg(f3(l.operating.sensitivity), f3(l.operating.specificity)),
            tr("Layer %1: held-out ROC, AUROC %2, accuracy %3, C = %4, %5 rows")
                .arg(l.layer)
                .arg(f3(l.auroc), f3(l.accuracy))
                .arg(l.C)
                .arg(a->training.split.test.size()),
            theme());
}

void ProbesView::drawHistograms() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("hist"))->plot();
    const int pos = shownPositionOrMessage(plot);
    if (pos < 0) return;
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const probes::LayerAnalysis& la = a->layers[std::size_t(pos)];
    const probes::LayerProbe& lp = a->training.layers[std::size_t(pos)];
    ClassValues real{tr("real (0)"), {}, kRealColour},
        halluc{tr("hallucinated (1)"), {}, kHallucinatedColour};
    QString xLabel, title;
    if (values().get(kHistogram) == QLatin1String("score")) {
        for (std::size_t i = 0; i < lp.testScores.size(); ++i)
            (a->training.testLabels[i] ? halluc : real).values.push_back(lp.testScores[i]);
        xLabel = tr("probe score w·h + b on the held-out rows (> 0: flagged)");
        title = tr("Layer %1: held-out probe scores by class, AUROC %2")
                    .arg(la.layer)
                    .arg(f3(lp.auroc));
    } else {
        const std::vector<std::uint8_t>& labels = m_controller->data()->states->labels();
        for (std::size_t i = 0; i < la.projection.size() && i < labels.size(); ++i)
            (labels[i] ? halluc : real).values.push_back(la.projection[i]);
        xLabel = tr("projection ⟨h, v⟩ on the mass-mean direction (towards real), every row");
        title = tr("Layer %1: separation %2 σ, cos(mass-mean, probe) = %3")
                    .arg(la.layer)
                    .arg(f3(la.directions.separation), f3(la.directions.cosine));
    }
    plotClassHistograms(plot, {real, halluc}, xLabel, title, theme());
}

void ProbesView::drawPca() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("pca"))->plot();
    const int pos = shownPositionOrMessage(plot);
    if (pos < 0) return;
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const probes::LayerAnalysis& la = a->layers[std::size_t(pos)];
    if (la.pca.empty()) {
        plotMessage(plot, tr("No PCA at layer %1").arg(la.layer));
        return;
    }
    const std::vector<std::uint8_t>& labels = m_controller->data()->states->labels();
    const std::size_t n = std::min(labels.size(), la.pca.size() / 2);
    std::vector<std::size_t> rows[2];
    for (std::size_t i = 0; i < n; ++i) rows[labels[i] ? 1 : 0].push_back(i);
    // Decimated for drawing only: an even share of each class (the smaller class keeps all its
    // rows when it has fewer), evenly spaced in row order so the same data draws the same points.
    const std::size_t budget = std::size_t(values().get(kPcaPoints));
    std::size_t take[2] = {std::min(rows[0].size(), budget / 2),
                           std::min(rows[1].size(), budget / 2)};
    for (int c = 0; c < 2; ++c)
        take[c] = std::min(rows[c].size(), std::max(take[c], budget - take[1 - c]));
    std::vector<ClassPoints> classes{{tr("real (0)"), {}, {}, kRealColour},
                                     {tr("hallucinated (1)"), {}, {}, kHallucinatedColour}};
    for (int c = 0; c < 2; ++c)
        for (std::size_t j = 0; j < take[c]; ++j) {
            const std::size_t i = rows[c][j * rows[c].size() / take[c]];
            classes[std::size_t(c)].x << la.pca[2 * i];
            classes[std::size_t(c)].y << la.pca[2 * i + 1];
        }
    const std::size_t drawn = take[0] + take[1];
    plotScatter(
        plot, classes, tr("PC 1 (%1% of the variance)").arg(100 * la.pcaVariance[0], 0, 'f', 1),
        tr("PC 2 (%1% of the variance)").arg(100 * la.pcaVariance[1], 0, 'f', 1),
        drawn < n ? tr("Layer %1: PCA of all %2 states (%3 drawn)").arg(la.layer).arg(n).arg(drawn)
                  : tr("Layer %1: PCA of all %2 states").arg(la.layer).arg(n),
        theme());
}

void ProbesView::drawSteering() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("steer"))->plot();
    const int pos = shownPositionOrMessage(plot);
    if (pos < 0) return;
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const ProbesData& d = *m_controller->data();
    const probes::SteeringCurve* curve = &a->layers[std::size_t(pos)].steering;
    QString probe = tr("trained here");
    if (const probes::SteeringSweep* s = m_controller->importedSteering()) {
        curve = nullptr;
        for (const probes::SteeringCurve& c : s->layers)
            if (c.layer == shownLayer()) curve = &c;
        probe = d.importedName;
        if (!curve) {
            plotMessage(
                plot,
                tr("The imported probe %1 has no layer %2").arg(d.importedName).arg(shownLayer()));
            return;
        }
    }
    const QVector<double> alpha(a->alpha.begin(), a->alpha.end());
    std::vector<AlphaCurve> curves{
        {tr("hallucinated no longer flagged"),
         QVector<double>(curve->flippedShare.begin(), curve->flippedShare.end()), Qt::SolidLine,
         kHallucinatedColour},
        {tr("share flagged (all held out)"),
         QVector<double>(curve->flaggedShare.begin(), curve->flaggedShare.end()), Qt::SolidLine,
         kRealColour},
        {tr("mean change of p(hallucinated)"),
         QVector<double>(curve->scoreShift.begin(), curve->scoreShift.end()), Qt::DashLine, 7}};
    const probes::LayerDirections& dir = a->layers[std::size_t(pos)].directions;
    const bool massMean = values().get(kSteering) == QLatin1String("mass-mean");
    plotAlphaSweep(plot, alpha, curves, tr("share of rows / change of probability"),
                   tr("Layer %1: h + α·σ·v along the %2 direction (σ = %3), probe: %4")
                       .arg(shownLayer())
                       .arg(massMean ? tr("mass-mean") : tr("probe"))
                       .arg(QString::number(massMean ? dir.sigma : dir.sigmaProbe, 'g', 3), probe),
                   theme());
}

void ProbesView::drawTransfer() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("transfer"))->plot();
    const ProbesData& d = *m_controller->data();
    if (!d.second) {
        plotMessage(plot, tr("Transfer needs a second model's states for the same items (open "
                             "them with Direction ▸ Open a second model's states)"));
        return;
    }
    if (!m_controller->transferError().isEmpty()) {
        plotMessage(plot, m_controller->transferError());
        return;
    }
    const ProbesTransfer* t = m_controller->transfer();
    if (!t) {
        plotMessage(plot, tr("Aligning the two models' subspaces…"));
        return;
    }
    const int layer = shownLayer();
    const probes::TransferLayer *f = nullptr, *b = nullptr;
    for (const probes::TransferLayer& l : t->forward.layers)
        if (l.layer == layer) f = &l;
    for (const probes::TransferLayer& l : t->backward.layers)
        if (l.layer == layer) b = &l;
    const QString a = tr("A: %1").arg(d.name), bName = tr("B: %1").arg(d.secondName);
    std::vector<NamedCells> panels;
    NamedCells matrix;
    matrix.name = tr("source (row) → target (column), layer %1").arg(layer);
    matrix.cells.cols = matrix.cells.rows = 2;
    matrix.cells.values = {f ? f->aurocSource : kNaN, f ? f->auroc : kNaN, b ? b->auroc : kNaN,
                           b ? b->aurocSource : kNaN};
    matrix.cells.colNames = matrix.cells.rowNames = QStringList{a, bName};
    matrix.decimals = 3;
    panels.push_back(matrix);
    NamedCells byLayer;
    byLayer.name = tr("by layer");
    byLayer.xLabel = tr("layer");
    byLayer.cells.rows = 2;
    byLayer.cells.rowNames = QStringList{tr("A → B"), tr("B → A")};
    std::vector<double> top, bottom;
    for (const probes::TransferLayer& l : t->forward.layers) {
        byLayer.cells.colNames << QString::number(l.layer);
        top.push_back(l.auroc);
        double back = kNaN;
        for (const probes::TransferLayer& k : t->backward.layers)
            if (k.layer == l.layer) back = k.auroc;
        bottom.push_back(back);
    }
    byLayer.cells.cols = int(top.size());
    byLayer.cells.values = top;
    byLayer.cells.values.insert(byLayer.cells.values.end(), bottom.begin(), bottom.end());
    byLayer.decimals = 2;
    panels.push_back(byLayer);
    MetricRange metric;
    metric.minimum = 0;
    metric.maximum = 1;
    metric.centre = 0.5;
    plotHeatmaps(plot, panels, metric, tr("held-out AUROC on the target"),
                 tr("ComnHallu, rank %1: the source's detector on the aligned target%2")
                     .arg(t->forward.rank)
                     .arg(f ? QString() : tr(" (layer %1 is not in both)").arg(layer)),
                 theme());
}

void ProbesView::drawCosines() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("cosine"))->plot();
    const probes::ProbesAnalysis* a = m_controller->analysis();
    if (!a) {
        plotMessage(plot, tr("Training the probes…"));
        return;
    }
    const bool probe = values().get(kCosine) == QLatin1String("probe");
    NamedCells c;
    c.name = probe ? tr("probe directions −w/‖w‖") : tr("mass-mean directions");
    const int n = int(a->layers.size());
    c.cells.cols = c.cells.rows = n;
    c.cells.values = probe ? a->cosineProbe : a->cosineMassMean;
    for (const probes::LayerAnalysis& l : a->layers) c.cells.colNames << QString::number(l.layer);
    c.cells.rowNames = c.cells.colNames;
    c.decimals = 2;
    c.xLabel = tr("layer");
    MetricRange metric;
    metric.minimum = -1;
    metric.maximum = 1;
    metric.centre = 0;
    metric.wholeRange = true;
    plotHeatmaps(plot, {c}, metric, tr("cosine"),
                 tr("Cosine of the truthful directions across layers (%1)")
                     .arg(probe ? tr("probe") : tr("mass-mean")),
                 theme());
}

void ProbesView::drawPreference() {
    QCustomPlot* plot = figures()->panel(QStringLiteral("preference"))->plot();
    const ProbesData& d = *m_controller->data();
    if (d.pairs.empty()) {
        plotMessage(plot,
                    tr("No preference pairs: add some with Direction ▸ Add preference pairs"));
        return;
    }
    if (!m_controller->preferenceError().isEmpty()) {
        plotMessage(plot, m_controller->preferenceError());
        return;
    }
    const probes::PreferenceResult* p = m_controller->preference();
    if (!p) {
        plotMessage(plot, tr("Training the preference probes…"));
        return;
    }
    std::vector<LayerCurve> curves;
    int colour = 0;
    for (const probes::PreferenceDataset& set : p->datasets) {
        LayerCurve probe, mass;
        probe.name = tr("%1: probe").arg(QString::fromStdString(set.name));
        mass.name = tr("%1: mass-mean").arg(QString::fromStdString(set.name));
        const int colours[] = {2, 3, 5, 7};  // green, orange, pink, black
        probe.colour = mass.colour = colours[colour++ % 4];
        mass.style = Qt::DashLine;
        for (const probes::PreferenceLayer& l : set.layers) {
            probe.layers << l.layer, probe.values << l.auroc;
            mass.layers << l.layer, mass.values << l.massMeanAuroc;
        }
        curves.push_back(probe);
        curves.push_back(mass);
    }
    plotLayerCurves(plot, curves, -1, tr("held-out AUROC, chosen vs rejected"),
                    tr("Preference pairs: how linearly separable chosen (1) is from rejected (0)"),
                    theme());
}

void ProbesView::drawCaptions() {
    CaptionScene s;
    const ProbesData& d = *m_controller->data();
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const int layer = shownLayer();
    if (d.captions && a && layerPosition() >= 0) m_controller->scoreCaptions(layer);
    const probes::CaptionScores* scores = m_controller->captionScores();
    if (!d.captions) {
        s.title = tr("No captions: open captions (JSON Lines) with their per-token states");
    } else if (!m_controller->captionError().isEmpty()) {
        s.title = tr("Captions");
        s.notes << m_controller->captionError();
    } else if (!scores || scores->layer != layer) {
        s.title = tr("Scoring the captions…");
    } else {
        const std::vector<probes::Caption>& caps = d.captions->captions();
        s.title = tr("Captions coloured by the probe's p(hallucinated) at layer %1").arg(layer);
        s.notes << tr("Probe: %1 · object-token AUROC %2")
                       .arg(d.imported ? tr("imported %1").arg(d.importedName)
                                       : tr("trained here on %1").arg(d.name),
                            f3(scores->aurocObjects));
        s.notes << tr(
            "▲ under a token: where TruthPrInt backtracks (the lowest-confidence token "
            "since the sentence start) for a flagged object token after it");
        s.total = int(caps.size());
        s.first = std::clamp(values().get(kCaption), 0, std::max(0, s.total - 1));
        // Enough captions for a tall window; the painter draws those that fit.
        const int last = std::min(s.total, s.first + 40);
        for (int c = s.first; c < last; ++c) {
            const probes::Caption& cap = caps[std::size_t(c)];
            const probes::CaptionScore& sc = scores->captions[std::size_t(c)];
            CaptionLine line;
            line.id = QString::fromStdString(cap.id);
            for (std::size_t t = 0; t < cap.tokens.size(); ++t) {
                CaptionToken tok;
                tok.text = QString::fromStdString(cap.tokens[t]);
                tok.probability = t < sc.probability.size() ? sc.probability[t] : kNaN;
                tok.label = t < cap.labels.size() ? cap.labels[t] : -1;
                tok.confidence = t < cap.confidences.size() ? cap.confidences[t] : kNaN;
                tok.backtrackTo = t < sc.backtrackTo.size() ? sc.backtrackTo[t] : -1;
                line.tokens.push_back(tok);
            }
            for (const CaptionToken& tok : std::vector<CaptionToken>(line.tokens))
                if (tok.label >= 0 && tok.probability > 0.5 && tok.backtrackTo >= 0 &&
                    std::size_t(tok.backtrackTo) < line.tokens.size())
                    line.tokens[std::size_t(tok.backtrackTo)].backtrackMark = true;
            s.captions.push_back(std::move(line));
        }
    }
    m_scene = s;
    const CaptionScene scene = m_scene;
    m_tokens->setDrawing(
        [scene](QPainter& p, QSizeF size, Theme theme) { paintCaptions(p, scene, size, theme); },
        [scene] { return captionsCsv(scene); });
}

}  // namespace assay::views
