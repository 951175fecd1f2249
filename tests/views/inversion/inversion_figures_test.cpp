// The Inversion figures from a hand-made analysis (no model): what each figure's data holds
// (signed shares, R against 1 − F, the sorted sweep, the pokes, the stability bands) checked
// against the analysis, the IS iso-lines against the IS formula, and the plots and painted
// figures holding exactly those numbers.
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QImage>
#include <QPainter>
#include <cmath>
#include <set>

#include "tests/views/inversion/handmade_analysis.h"
#include "views/inversion/inversion_figure_data.h"
#include "views/inversion/inversion_painted.h"
#include "views/inversion/inversion_plots.h"

namespace assay::views {
namespace {

namespace ex = core::explain;
using namespace inversion;

ex::InversionAnalysis analysisFor(ex::Domain domain, int items = 4,
                                  std::vector<double> strengths = {0.9}) {
    ex::InversionRequest r;
    r.domain = domain;
    r.items = items;
    r.strengths = std::move(strengths);
    return test::handmadeAnalysis(r);
}

std::vector<double> sharesHere(const std::vector<double>& a) {
    double t = 0;
    for (double v : a) t += std::abs(v);
    std::vector<double> out;
    for (double v : a) out.push_back(t > 0 ? v / t : 0.0);
    return out;
}

TEST(InversionFigureData, SignedSharesDivideByTheAbsoluteTotal) {
    const std::vector<double> s = signedShares({1, -3, 0});
    ASSERT_EQ(s.size(), 3u);
    EXPECT_DOUBLE_EQ(s[0], 0.25);
    EXPECT_DOUBLE_EQ(s[1], -0.75);
    EXPECT_DOUBLE_EQ(s[2], 0.0);
    EXPECT_EQ(signedShares({0, 0}), (std::vector<double>{0, 0}));
}

TEST(InversionFigureData, ItemRowsAreTruthMethodsThenTheShownMethodAfterRbp) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Tabular);
    const int item = 2;
    const ItemRows rows = itemRows(a, item, ex::Method::KernelShap);
    ASSERT_EQ(rows.rows.size(), 4u);
    EXPECT_EQ(rows.features.size(), 10);
    EXPECT_EQ(rows.features[2], "x3");
    EXPECT_EQ(rows.roles[2], ex::FeatureRole::Spurious);
    const ex::ItemResult& lime = a.methods[0].items[item];
    const ex::ItemResult& shap = a.methods[1].items[item];
    const std::vector<std::vector<double>> expected = {
        sharesHere(a.set.items[item].groundTruth), sharesHere(lime.attributions),
        sharesHere(shap.attributions), sharesHere(shap.refined)};
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t j = 0; j < 10; ++j)
            EXPECT_NEAR(rows.rows[r].shares[j], expected[r][j], 1e-15) << r << " " << j;
    EXPECT_TRUE(rows.rows[2].note.contains(QString::number(shap.R, 'f', 2)));
    EXPECT_TRUE(rows.rows[3].note.contains(QString::number(shap.R_rbp, 'f', 2)));
    EXPECT_TRUE(itemRows(a, 99, ex::Method::Lime).rows.empty());
}

TEST(InversionFigureData, IsoLinesLieOnTheirInversionScore) {
    for (double p : {1.0, 2.0, 3.5})
        for (double level : {0.25, 0.5, 0.75}) {
            std::vector<double> R, g;
            isoLine(level, p, 33, R, g);
            ASSERT_EQ(R.size(), 33u);
            for (std::size_t i = 0; i < R.size(); ++i) {
                EXPECT_GE(R[i], -1e-15);
                EXPECT_LE(R[i], 1 + 1e-12);
                EXPECT_GE(g[i], -1e-12);
                EXPECT_LE(g[i], 1 + 1e-12);
                const double is = std::pow((std::pow(R[i], p) + std::pow(g[i], p)) / 2, 1 / p);
                EXPECT_NEAR(is, level, 1e-9) << "p " << p << " level " << level << " i " << i;
            }
        }
}

TEST(InversionFigureData, ScatterHasEveryItemBeforeAndAfterRbp) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Tabular, 5);
    const std::vector<ScatterSeries> s = scatterSeries(a);
    ASSERT_EQ(s.size(), 4u);  // LIME, KernelSHAP, then both after RBP
    EXPECT_FALSE(s[0].refined);
    EXPECT_TRUE(s[3].refined);
    for (int i = 0; i < 5; ++i) {
        EXPECT_DOUBLE_EQ(s[1].R[i], a.methods[1].items[i].R);
        EXPECT_DOUBLE_EQ(s[1].unfaithfulness[i], 1 - a.methods[1].items[i].F);
        EXPECT_DOUBLE_EQ(s[3].R[i], a.methods[1].items[i].R_rbp);
    }
}

TEST(InversionFigureData, SweepCurvesAreSortedByStrength) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Tabular, 2, {0.9, 0.0, 0.5, 1.0});
    const std::vector<SweepCurve> c = sweepCurves(a);
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(c[0].strength, (std::vector<double>{0.0, 0.5, 0.9, 1.0}));
    EXPECT_DOUBLE_EQ(c[0].IS[2], 0.45);           // LIME at 0.9: s/2
    EXPECT_DOUBLE_EQ(c[3].IS[1], 0.5 / 3 + 0.1);  // KernelSHAP after RBP at 0.5
    EXPECT_TRUE(sweepCurves(analysisFor(ex::Domain::Tabular)).empty());
}

TEST(InversionPlots, BarsHoldEachRowsShares) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Tabular);
    const ItemRows rows = itemRows(a, 1, ex::Method::Lime);
    QCustomPlot plot;
    plot.resize(1000, 600);
    plotAttributionBars(&plot, rows, "t", Theme::Light);
    std::vector<QCPBars*> bars;
    for (int i = 0; i < plot.plottableCount(); ++i)
        if (auto* b = qobject_cast<QCPBars*>(plot.plottable(i))) bars.push_back(b);
    ASSERT_EQ(bars.size(), rows.rows.size());
    for (std::size_t r = 0; r < bars.size(); ++r) {
        ASSERT_EQ(bars[r]->data()->size(), 10);
        for (int j = 0; j < 10; ++j)
            EXPECT_DOUBLE_EQ(bars[r]->data()->at(j)->value, rows.rows[r].shares[j]);
    }
    EXPECT_TRUE(bars[3]->name().contains("after RBP"));
}

TEST(InversionPlots, ScatterAndPokesHoldTheirPoints) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Tabular, 3);
    QCustomPlot plot;
    plot.resize(800, 800);
    plotInversionScatter(&plot, scatterSeries(a), 2.0, "t", Theme::Dark);
    ASSERT_EQ(plot.graphCount(), 4);
    for (int i = 0; i < 3; ++i) {
        // QCPGraph sorts by key; the hand-made R grows with the item.
        EXPECT_DOUBLE_EQ(plot.graph(0)->data()->at(i)->key, a.methods[0].items[i].R);
        EXPECT_DOUBLE_EQ(plot.graph(0)->data()->at(i)->value, 1 - a.methods[0].items[i].F);
    }
    int iso = 0;
    for (int i = 0; i < plot.plottableCount(); ++i)
        iso += qobject_cast<QCPCurve*>(plot.plottable(i)) != nullptr;
    EXPECT_EQ(iso, 3);

    const PokePoints pokes = pokePoints(a, 0, ex::Method::KernelShap);
    plotPokes(&plot, pokes, "t", Theme::Light);
    int points = 0;
    for (int i = 1; i < plot.graphCount(); ++i) points += plot.graph(i)->data()->size();
    EXPECT_EQ(points, 10);  // graph 0 is the diagonal
    // The spurious feature x3 is the spurious role's one point at (Δ̂_3, â_3).
    bool found = false;
    for (int i = 1; i < plot.graphCount(); ++i)
        if (plot.graph(i)->name() == roleLabel(ex::FeatureRole::Spurious)) {
            ASSERT_EQ(plot.graph(i)->data()->size(), 1);
            EXPECT_DOUBLE_EQ(plot.graph(i)->data()->at(0)->key, pokes.normDelta[2]);
            EXPECT_DOUBLE_EQ(plot.graph(i)->data()->at(0)->value, pokes.normAttr[2]);
            found = true;
        }
    EXPECT_TRUE(found);
}

TEST(InversionPlots, StabilityHasMeanBarsAndStdErrorBars) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Tabular, 2);
    const StabilityBands b = stabilityBands(a, 1, ex::Method::Lime);
    ASSERT_EQ(b.localR2.size(), 2u);
    EXPECT_DOUBLE_EQ(b.localR2[1], 0.51);
    QCustomPlot plot;
    plotStability(&plot, b, "t", Theme::Paper);
    QCPBars* bars = nullptr;
    QCPErrorBars* errors = nullptr;
    for (int i = 0; i < plot.plottableCount(); ++i) {
        if (auto* x = qobject_cast<QCPBars*>(plot.plottable(i))) bars = x;
        if (auto* x = qobject_cast<QCPErrorBars*>(plot.plottable(i))) errors = x;
    }
    ASSERT_TRUE(bars && errors);
    for (int j = 0; j < 10; ++j) {
        EXPECT_DOUBLE_EQ(bars->data()->at(j)->value, a.methods[0].items[1].stability.mean[j]);
        EXPECT_DOUBLE_EQ(errors->data()->at(j).errorPlus,
                         a.methods[0].items[1].stability.stddev[j]);
    }
}

TEST(InversionPainted, ImageHeatmapColoursEachSuperpixelBySign) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Image, 2);
    const ImageScene s = imageScene(a, 1, ex::Method::KernelShap);
    ASSERT_EQ(s.panels.size(), 4u);
    QImage image(1500, 520, QImage::Format_RGB32);
    {
        QPainter p(&image);
        paintImageScene(p, s, QSizeF(1500, 520), Theme::Light);
    }
    // Not one colour: the picture and the heatmaps are there.
    std::set<QRgb> colours;
    for (int x = 0; x < 1500; x += 7) colours.insert(image.pixel(x, 200));
    EXPECT_GT(colours.size(), 10u);
    // CSV: one row per panel and segment, the shares as given.
    const QStringList lines = imageSceneCsv(s).split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(lines.size(), 1 + 4 * 16);
    EXPECT_TRUE(lines[1].endsWith(QString::number(s.panels[0].shares[0], 'g', 17)));
}

TEST(InversionPainted, TextLinesHoldEveryWordOfEachRow) {
    const ex::InversionAnalysis a = analysisFor(ex::Domain::Text, 5);
    const TextScene s = textScene(a, 3, 4, ex::Method::Lime);
    ASSERT_EQ(s.lines.size(), 2u);  // items 3 and 4 exist
    EXPECT_EQ(s.lines[0].words.size(), int(a.set.items[3].featureLabels.size()));
    QImage image(1300, 760, QImage::Format_RGB32);
    {
        QPainter p(&image);
        paintTextScene(p, s, QSizeF(1300, 760), Theme::Presentation);
    }
    int rows = 0;
    for (const TextLine& l : s.lines) rows += int(l.rows.size()) * int(l.words.size());
    EXPECT_EQ(textSceneCsv(s).split('\n', Qt::SkipEmptyParts).size(), 1 + rows);
}

}  // namespace
}  // namespace assay::views
