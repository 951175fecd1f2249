// The Inversion view on core's analysis, opened as a user opens the demo: the figures of each
// domain are available, the bars hold the analysis' own shares, the guide's
// promises hold on the demo's numbers (the shortcut model's explanations put more weight on the
// spurious feature than the clean model's; RBP does not raise the mean reliance) and every figure
// exports. (The guide's steps play in assay_tests_view_inversion, on a hand-made analysis.)
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QTemporaryDir>

#include "tests/views/common/demo_view_fixture.h"
#include "views/common/plot_panel.h"
#include "views/inversion/inversion_controller.h"
#include "views/inversion/inversion_figure_data.h"
#include "views/inversion/inversion_view.h"

namespace assay::views {
namespace {

namespace ex = core::explain;

class InversionDemoTest : public test::DemoViewFixture<InversionView> {
protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(ex::Domain::Tabular), nullptr);
        resetToDefaults();
    }
    const ex::InversionAnalysis& analysis(ex::Domain d = ex::Domain::Tabular) {
        return *view->controller()->analysis(d);
    }
    const ex::MethodResult& method(ex::Method m) {
        const ex::MethodResult* r = inversion::findMethod(analysis(), m);
        EXPECT_NE(r, nullptr);
        return *r;
    }
};

TEST_F(InversionDemoTest, DemoFillsEveryFigure) {
    EXPECT_EQ(analysis().request.domain, ex::Domain::Tabular);
    EXPECT_EQ(analysis(ex::Domain::Image).request.domain, ex::Domain::Image);
    EXPECT_EQ(analysis(ex::Domain::Text).request.domain, ex::Domain::Text);
    for (const QString& id : view->figureIds())
        EXPECT_TRUE(view->figureUnavailable(id).isEmpty())
            << id.toStdString() << ": " << view->figureUnavailable(id).toStdString();
    // The bars are the analysis' shares (KernelSHAP shown by default).
    const ex::ItemResult& shap = method(ex::Method::KernelShap).items[0];
    const std::vector<double> shares = inversion::signedShares(shap.attributions);
    QCustomPlot* plot = view->figures()->panel("bars")->plot();
    bool found = false;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* b = qobject_cast<QCPBars*>(plot->plottable(i));
            b && b->name().startsWith("KernelSHAP (")) {
            ASSERT_EQ(b->data()->size(), int(shares.size()));
            for (int j = 0; j < b->data()->size(); ++j)
                EXPECT_DOUBLE_EQ(b->data()->at(j)->value, shares[std::size_t(j)]);
            found = true;
        }
    EXPECT_TRUE(found);
}

TEST_F(InversionDemoTest, ShortcutExplanationsLeanOnTheSpuriousFeatureAndRbpShrinksIt) {
    const double shortcutR = method(ex::Method::KernelShap).meanR;
    // RBP must not raise the reliance R on average over the items (papers.md §7(f)); single
    // items may move either way by a little (it divides every attribution, not only x3's).
    for (const ex::MethodResult& m : analysis().methods) {
        double before = 0, after = 0;
        for (const ex::ItemResult& r : m.items) before += r.R, after += r.R_rbp;
        EXPECT_LE(after, before + 1e-12) << ex::methodName(m.method);
    }
    apply({{"model", "clean"}}, 600000);
    const double cleanR = method(ex::Method::KernelShap).meanR;
    EXPECT_GT(shortcutR, cleanR);
}

TEST_F(InversionDemoTest, EveryFigureExports) {
    QTemporaryDir dir;
    for (const QString& id : view->figureIds()) {
        if (!view->figureUnavailable(id).isEmpty()) continue;
        const QString path = dir.filePath(id + ".png");
        EXPECT_NO_THROW(view->exportFigure(id, path, {}));
        EXPECT_GT(QFile(path).size(), 1000) << id.toStdString();
    }
}

}  // namespace
}  // namespace assay::views
