// The Probes view on the trained demo: changing the layer updates the ROC and the histograms
// (compared with a brute-force ROC of the held-out scores and with projections computed here in
// double loops from the states), the guide step by step, every figure's export, and a direction
// exported (one layer, every layer; safetensors and .npz) that reads back equal and, imported as
// the probe, steers and scores the captions exactly as the probe trained here.
#include "views/probes/probes_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <set>

#include "assay/io/chunked_reader.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probes_analysis.h"
#include "tests/views/common/demo_view_fixture.h"
#include "views/common/figure_tabs.h"
#include "views/common/guide_panel.h"
#include "views/common/plot_panel.h"
#include "views/probes/probes_controller.h"

namespace assay::views {
namespace {

namespace probes = core::probes;

class ProbesViewTest : public test::DemoViewFixture<ProbesView> {
protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(), nullptr);
        resetToDefaults();
    }
    const probes::ProbesAnalysis& analysis() { return *view->controller()->analysis(); }
    QCustomPlot* plot(const char* id) { return view->figures()->panel(id)->plot(); }
};

// (fpr, tpr) at every distinct threshold, descending, from (0, 0): counted directly.
std::vector<std::pair<double, double>> bruteRoc(const std::vector<double>& s,
                                                const std::vector<std::uint8_t>& y) {
    std::set<double, std::greater<double>> thresholds(s.begin(), s.end());
    double pos = 0, neg = 0;
    for (std::uint8_t l : y) (l ? pos : neg) += 1;
    std::vector<std::pair<double, double>> out{{0, 0}};
    for (double t : thresholds) {
        double tp = 0, fp = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i] >= t) (y[i] ? tp : fp) += 1;
        out.push_back({fp / neg, tp / pos});
    }
    return out;
}

// The held-out ROC curve drawn in the roc figure (the curve named "held-out ROC").
std::vector<std::pair<double, double>> drawnRoc(QCustomPlot* p) {
    std::vector<std::pair<double, double>> out;
    for (int i = 0; i < p->plottableCount(); ++i)
        if (auto* c = qobject_cast<QCPCurve*>(p->plottable(i)); c && c->name() == "held-out ROC")
            for (auto it = c->data()->constBegin(); it != c->data()->constEnd(); ++it)
                out.push_back({it->key, it->value});
    return out;
}

// Row r of layer position `pos` of the states, in double.
std::vector<double> stateRow(const probes::ProbeDataset& d, int pos, std::int64_t r) {
    const core::io::HiddenMatrix m = d.layer(pos);
    std::vector<double> row(std::size_t(m.cols));
    core::io::convertElements(static_cast<const unsigned char*>(m.data), m.dtype, r * m.cols,
                              m.cols, row.data());
    return row;
}

TEST_F(ProbesViewTest, DemoFillsEveryFigure) {
    for (const QString& id : view->figureIds())
        EXPECT_TRUE(view->figureUnavailable(id).isEmpty())
            << id.toStdString() << ": " << view->figureUnavailable(id).toStdString();
    EXPECT_EQ(view->shownLayer(), analysis().bestLayer());
    EXPECT_FALSE(view->captionScene().captions.empty());
}

TEST_F(ProbesViewTest, ChangingTheLayerUpdatesRocAndHistograms) {
    const probes::ProbeDataset& states = *view->controller()->data()->states;
    const std::vector<int> layers = states.layers();
    ASSERT_GE(layers.size(), 2u);
    std::vector<std::vector<std::pair<double, double>>> rocs;
    for (int pos : {0, int(layers.size()) - 1}) {
        apply({{"layer", layers[std::size_t(pos)]}, {"figure", "roc"}});
        EXPECT_EQ(view->shownLayer(), layers[std::size_t(pos)]);
        const probes::LayerProbe& lp = analysis().training.layers[std::size_t(pos)];
        ASSERT_EQ(lp.layer, layers[std::size_t(pos)]);
        // The ROC drawn is this layer's, counted here from its held-out scores.
        const auto expected = bruteRoc(lp.testScores, analysis().training.testLabels);
        const auto shown = drawnRoc(plot("roc"));
        ASSERT_EQ(shown.size(), expected.size());
        for (std::size_t i = 0; i < shown.size(); ++i) {
            EXPECT_NEAR(shown[i].first, expected[i].first, 1e-12) << i;
            EXPECT_NEAR(shown[i].second, expected[i].second, 1e-12) << i;
        }
        rocs.push_back(shown);
        // The histograms: every row's projection on this layer's direction, by class.
        apply({{"figure", "hist"}, {"histogram", "direction"}});
        const probes::LayerAnalysis& la = analysis().layers[std::size_t(pos)];
        const std::vector<double>& v = la.directions.direction;
        for (std::int64_t r : {std::int64_t(0), states.items() / 2, states.items() - 1}) {
            const std::vector<double> h = stateRow(states, pos, r);
            double dot = 0;
            for (std::size_t k = 0; k < h.size(); ++k) dot += h[k] * v[k];
            EXPECT_NEAR(la.projection[std::size_t(r)], dot, 1e-4 * (1 + std::abs(dot)));
        }
        double lo = 1e300, hi = -1e300;
        for (double x : la.projection) lo = std::min(lo, x), hi = std::max(hi, x);
        std::vector<double> count(40, 0.0);
        double real = 0;
        for (std::size_t i = 0; i < la.projection.size(); ++i) {
            if (states.labels()[i]) continue;
            count[std::size_t(
                std::clamp(int((la.projection[i] - lo) / ((hi - lo) / 40)), 0, 39))] += 1;
            real += 1;
        }
        QCPGraph* g = nullptr;
        for (int i = 0; i < plot("hist")->graphCount(); ++i)
            if (plot("hist")->graph(i)->name().startsWith("real")) g = plot("hist")->graph(i);
        ASSERT_NE(g, nullptr);
        EXPECT_TRUE(g->name().contains(QString::number(qint64(real))));
        // Steps: (left edge, share), (right edge, share) per bin after the opening zero.
        ASSERT_EQ(g->data()->size(), 2 + 2 * 40);
        for (int b = 0; b < 40; ++b)
            EXPECT_NEAR((g->data()->constBegin() + 1 + 2 * b)->value, count[std::size_t(b)] / real,
                        1e-12)
                << b;
    }
    EXPECT_NE(rocs[0], rocs[1]);
}

TEST_F(ProbesViewTest, ALayerTheStatesLackIsRefusedAndNamesTheirLayers) {
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    const int maxLayer = view->controller()->data()->states->layers().back();
    EXPECT_FALSE(view->applySettings({{"layer", maxLayer + 1}}));
    ASSERT_GE(errors.count(), 1);
    EXPECT_TRUE(errors.back().front().toString().contains(QString::number(maxLayer)));
}

TEST_F(ProbesViewTest, GuideStepsApplyAndShowTheirFigures) {
    GuidePanel* guide = view->guidePanel();
    ASSERT_GE(guide->stepCount(), 4);
    ASSERT_LE(guide->stepCount(), 6);
    for (int s = 0; s < guide->stepCount(); ++s) {
        ASSERT_NO_FATAL_FAILURE(playGuideStep(s));
        const QString figure = view->figures()->currentFigure();
        if (figure == "auroc") {
            // Step 1: AUROC rises with depth (the best layer beats the first).
            const std::vector<probes::LayerProbe>& l = analysis().training.layers;
            const auto best = std::max_element(
                l.begin(), l.end(), [](const auto& a, const auto& b) { return a.auroc < b.auroc; });
            EXPECT_GT(best->layer, l.front().layer);
            EXPECT_GT(best->auroc, l.front().auroc + 0.02);
        }
        if (figure == "transfer") {
            // Step 5: A's detector on aligned B is well above chance, near B's own.
            const ProbesTransfer* t = view->controller()->transfer();
            ASSERT_NE(t, nullptr);
            for (const probes::TransferLayer& l : t->forward.layers)
                if (l.layer == view->shownLayer()) {
                    EXPECT_GT(l.auroc, 0.6);
                    EXPECT_GT(l.auroc, l.aurocDirect - 0.1);
                }
        }
        if (figure == "tokens") {
            // Step 6: hallucinated object tokens score higher than real ones on average.
            double sum[2] = {0, 0}, n[2] = {0, 0};
            for (const CaptionLine& c : view->captionScene().captions)
                for (const CaptionToken& t : c.tokens)
                    if (t.label >= 0) sum[t.label] += t.probability, n[t.label] += 1;
            ASSERT_GT(n[0], 0);
            ASSERT_GT(n[1], 0);
            EXPECT_GT(sum[1] / n[1], sum[0] / n[0]);
        }
        if (figure == "steer") {
            // What the step says: a positive α moves hallucinated states out of the flagged set.
            const probes::SteeringCurve& c =
                analysis()
                    .layers[std::size_t(std::distance(
                        analysis().layers.begin(),
                        std::find_if(analysis().layers.begin(), analysis().layers.end(),
                                     [&](const probes::LayerAnalysis& l) {
                                         return l.layer == view->shownLayer();
                                     })))]
                    .steering;
            EXPECT_GT(c.flippedShare.back(), c.flippedShare[c.flippedShare.size() / 2]);
            EXPECT_LT(c.flaggedShare.back(), c.flaggedShare.front());
        }
    }
}

TEST_F(ProbesViewTest, EveryFigureExportsInEveryFormat) {
    QTemporaryDir dir;
    for (const QString& id : view->figureIds())
        for (const char* ext : {"png", "svg", "pdf", "csv"}) {
            const QString path = dir.filePath(id + "." + ext);
            ExportOptions o;
            // 300 dpi PNGs of two figures (one plot, the painted captions): the rest at 100.
            const bool sharp =
                QLatin1String(ext) == QLatin1String("png") && (id == "auroc" || id == "tokens");
            o.dpi = sharp ? 300 : 100;
            o.theme = Theme::Presentation;
            ASSERT_NO_THROW(view->exportFigure(id, path, o)) << id.toStdString() << "." << ext;
            QFile f(path);
            ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
            EXPECT_GT(f.size(), 100) << path.toStdString();
            if (QLatin1String(ext) == QLatin1String("png")) {
                const QImage png(path);
                if (sharp) EXPECT_GT(png.width(), 1500) << id.toStdString();  // 300 dpi, not 96
            }
        }
    // The captions' CSV has one row per token of the captions drawn, with their scores.
    QFile csv(dir.filePath("tokens.csv"));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    std::size_t tokens = 0;
    for (const CaptionLine& c : view->captionScene().captions) tokens += c.tokens.size();
    EXPECT_EQ(std::size_t(lines.size()), tokens + 2);  // header, rows, the final empty line
}

TEST_F(ProbesViewTest, AnExportedDirectionReadsBackAndImportsAsTheProbe) {
    QTemporaryDir dir;
    const probes::ProbeFile trained = probes::toProbeFile(analysis());
    // Every layer, safetensors: what was trained here, number for number.
    const QString all = dir.filePath("probe.safetensors");
    ASSERT_TRUE(view->exportDirection(all, true));
    const probes::ProbeFile back = probes::readProbeFile(all.toStdString());
    EXPECT_EQ(back.layers, trained.layers);
    EXPECT_EQ(back.weights, trained.weights);
    EXPECT_EQ(back.direction, trained.direction);
    EXPECT_EQ(back.probeDirection, trained.probeDirection);
    EXPECT_EQ(back.sigma, trained.sigma);
    EXPECT_EQ(back.metadata.at("normalisation"), "none");
    // The shown layer only, .npz.
    const int layer = view->shownLayer();
    const QString one = dir.filePath("direction.npz");
    ASSERT_TRUE(view->exportDirection(one, false));
    const probes::ProbeFile single = probes::readProbeFile(one.toStdString());
    ASSERT_EQ(single.layers, std::vector<int>{layer});
    const int p = trained.position(layer);
    const std::size_t d = std::size_t(trained.width);
    EXPECT_EQ(single.direction, std::vector<double>(trained.direction.begin() + p * d,
                                                    trained.direction.begin() + (p + 1) * d));
    EXPECT_EQ(single.bias.front(), trained.bias[std::size_t(p)]);
    // Imported back: the same steering curves and caption scores as the probe trained here.
    apply({{"figure", "tokens"}});
    const probes::CaptionScores before = *view->controller()->captionScores();
    const probes::SteeringCurve steering = [&] {
        for (const probes::LayerAnalysis& l : analysis().layers)
            if (l.layer == layer) return l.steering;
        return probes::SteeringCurve{};
    }();
    view->openFile(all);  // routed to the `probe` setting: the inputs are read again
    ASSERT_TRUE(view->waitUntilIdle(300000));
    EXPECT_EQ(QFileInfo(view->settings().value("probe").toString()).fileName(),
              "probe.safetensors");
    ASSERT_NE(view->controller()->importedSteering(), nullptr);
    const probes::SteeringCurve* imported = nullptr;
    for (const probes::SteeringCurve& c : view->controller()->importedSteering()->layers)
        if (c.layer == layer) imported = &c;
    ASSERT_NE(imported, nullptr);
    ASSERT_EQ(imported->flippedShare.size(), steering.flippedShare.size());
    for (std::size_t i = 0; i < steering.flippedShare.size(); ++i) {
        EXPECT_NEAR(imported->flippedShare[i], steering.flippedShare[i], 1e-12);
        EXPECT_NEAR(imported->scoreShift[i], steering.scoreShift[i], 1e-9);
    }
    ASSERT_TRUE(view->figureUnavailable("tokens").isEmpty());
    const probes::CaptionScores& after = *view->controller()->captionScores();
    ASSERT_EQ(after.captions.size(), before.captions.size());
    for (std::size_t c = 0; c < after.captions.size(); ++c)
        for (std::size_t t = 0; t < after.captions[c].probability.size(); ++t)
            EXPECT_NEAR(after.captions[c].probability[t], before.captions[c].probability[t], 1e-12);
    EXPECT_TRUE(view->captionScene().notes.join(' ').contains("imported"));
    apply({{"probe", ""}});
    EXPECT_EQ(view->controller()->importedSteering(), nullptr);
}

}  // namespace
}  // namespace assay::views
