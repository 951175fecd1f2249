// The Judge view as a user drives it: the demo fills every figure with core's numbers (the
// observed bars recounted from the simulated counts), the guide plays step by step and shows
// what it says, a stopping change keeps the error margin, and votes tables open (or are refused
// with the previous result kept).
#include "views/judge/judge_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <algorithm>

#include "assay/demo/judge_demo.h"
#include "tests/views/common/demo_view_fixture.h"
#include "views/common/plot_panel.h"
#include "views/judge/judge_controller.h"

namespace assay::views {
namespace {

namespace jd = core::judge;

class JudgeViewTest : public test::DemoViewFixture<JudgeView> {
protected:
    void SetUp() override { resetToDefaults(); }
    static QCustomPlot* plot(const QString& id) { return view->figures()->panel(id)->plot(); }
    static const jd::JudgeAnalysis& analysis() { return *view->controller()->analysis(); }
    static const jd::ErrorCurve& curve(const jd::JudgeAnalysis& a, const std::string& label) {
        for (const jd::ErrorCurve& c : a.margin.curves)
            if (c.label == label) return c;
        throw std::runtime_error("no curve " + label);
    }
    static QCPGraph* graphNamed(QCustomPlot* p, const QString& prefix) {
        for (int g = 0; g < p->graphCount(); ++g)
            if (p->graph(g)->name().startsWith(prefix)) return p->graph(g);
        return nullptr;
    }
};

TEST_F(JudgeViewTest, DemoFillsEveryFigureWithCoresNumbers) {
    for (const QString& id : view->figureIds())
        EXPECT_TRUE(view->figureUnavailable(id).isEmpty()) << id.toStdString();
    const core::demo::JudgeDemo demo = core::demo::makeJudgeDemo();
    const jd::JudgeAnalysis& a = analysis();
    ASSERT_EQ(a.m, int(demo.target.counts.size()));
    // The bars: the share of samples at each x, recounted here.
    const auto* bars = qobject_cast<QCPBars*>(plot("pmf")->plottable(0));
    ASSERT_NE(bars, nullptr);
    ASSERT_EQ(bars->data()->size(), demo.judges + 1);
    for (int x = 0; x <= demo.judges; ++x) {
        const double share =
            double(std::count(demo.target.counts.begin(), demo.target.counts.end(), x)) /
            double(demo.target.counts.size());
        EXPECT_DOUBLE_EQ((bars->data()->begin() + x)->value, share) << x;
    }
    // The mixture's line is core's pmf of the fitted parameters, summing to 1.
    QCPGraph* mixture = graphNamed(plot("pmf"), "mixture pmf");
    ASSERT_NE(mixture, nullptr);
    const std::vector<double> pmf = jd::mixturePmf(a.fits[2].params, a.n);
    double sum = 0;
    for (int x = 0; x <= a.n; ++x) {
        EXPECT_NEAR((mixture->data()->begin() + x)->value, pmf[std::size_t(x)], 1e-12);
        sum += (mixture->data()->begin() + x)->value;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    // The stopping trace: one point per m from m0 to the budget, the stop marked in the title.
    QCPGraph* trace = graphNamed(plot("stopping"), "Â_m (");
    ASSERT_NE(trace, nullptr);
    EXPECT_EQ(trace->data()->size(), 100 - 5 + 1);
    // The transfer bars: one per source, weights of the softmax summing to 1.
    ASSERT_EQ(view->controller()->sourceNames(),
              (QStringList{"similar-a", "similar-b", "dissimilar"}));
    const auto* weights = qobject_cast<QCPBars*>(plot("transfer")->plottable(1));
    ASSERT_NE(weights, nullptr);
    double w = 0;
    for (auto it = weights->data()->begin(); it != weights->data()->end(); ++it) w += it->value;
    EXPECT_NEAR(w, 1.0, 1e-12);
    QTemporaryDir dir;
    for (const QString& id : view->figureIds()) {
        const QString png = dir.filePath(id + ".png");
        view->exportFigure(id, png, {});
        EXPECT_TRUE(QFile::exists(png)) << id.toStdString();
    }
}

TEST_F(JudgeViewTest, GuidePlaysStepByStepAndShowsWhatItSays) {
    const int steps = int(view->guidePanel()->guide().steps.size());
    ASSERT_GE(steps, 3);
    ASSERT_LE(steps, 5);
    for (int s = 0; s < steps; ++s) {
        playGuideStep(s);
        const jd::JudgeAnalysis& a = analysis();
        const std::size_t first = 1;  // m = 10 (m = 5 is index 0)
        ASSERT_EQ(a.margin.ms[first], 10);
        if (s == 0) {
            // The mixture fits the counts better than the Binomial (log-likelihood of the counts).
            double llMix = 0, llBin = 0;
            const auto& mix = a.fits[2].pmf;
            const auto& bin = a.fits[0].pmf;
            for (int x = 0; x <= a.n; ++x) {
                const double c = a.observed[std::size_t(x)] * a.m;
                llMix += c * std::log(mix[std::size_t(x)]);
                llBin += c * std::log(bin[std::size_t(x)]);
            }
            EXPECT_GT(llMix, llBin + 10);
        }
        if (s == 1) {
            ASSERT_TRUE(a.transfer.has_value());
            EXPECT_GT(a.transfer->weights[0] + a.transfer->weights[1], 0.95);
            EXPECT_LT(a.transfer->weights[2], 0.05);
        }
        if (s == 2) {
            const double transfer = curve(a, "mixture+transfer").meanError[first],
                         mixture = curve(a, "mixture").meanError[first],
                         binomial = curve(a, "binomial").meanError[first];
            EXPECT_LT(transfer, 0.7 * mixture);
            EXPECT_LT(mixture, binomial);
            for (const jd::ErrorCurve& c : a.margin.curves)
                EXPECT_LT(c.meanError.back(), c.meanError.front()) << c.label;
        }
        if (s == 3) {
            const jd::StoppingStep& stop = a.trace.steps.at(a.trace.stopIndex);
            EXPECT_LE(a.trace.stopM, 100);
            EXPECT_TRUE(std::isinf(a.trace.steps.front().q));  // m = 5: no 90% statement yet
            EXPECT_LE(stop.lo, a.margin.aFull);
            EXPECT_GE(stop.hi, a.margin.aFull);
        }
        if (s == 4) {
            EXPECT_GT(curve(a, "mixture+transfer").meanError[first],
                      curve(a, "mixture").meanError[first]);
        }
    }
}

TEST_F(JudgeViewTest, AStoppingChangeKeepsTheErrorMarginAndMovesTheStop) {
    const jd::JudgeAnalysis before = analysis();
    apply({{"epsilon", 0.2}, {"radius", "loo"}});
    const jd::JudgeAnalysis& after = analysis();
    EXPECT_LT(after.trace.stopM, before.trace.stopM);
    ASSERT_EQ(after.margin.curves.size(), before.margin.curves.size());
    for (std::size_t c = 0; c < after.margin.curves.size(); ++c)
        EXPECT_EQ(after.margin.curves[c].meanError, before.margin.curves[c].meanError);
    apply({{"repetitions", 20}});
    EXPECT_EQ(analysis().margin.repetitions, 20);
}

TEST_F(JudgeViewTest, OpensAVotesTableAndRefusesBadOnesKeepingTheResult) {
    QTemporaryDir dir;
    const QString csv = dir.filePath("votes.csv");
    {
        QFile f(csv);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("sample,a,b,c\n");
        const int rows[][3] = {{1, 1, 1}, {1, 0, 1}, {0, 0, 1}, {1, 1, 1}, {0, 0, 0},
                               {1, 1, 0}, {1, 1, 1}, {0, 1, 0}, {1, 1, 1}, {1, 0, 0}};
        int i = 0;
        for (const auto& r : rows)
            f.write(
                QStringLiteral("s%1,%2,%3,%4\n").arg(i++).arg(r[0]).arg(r[1]).arg(r[2]).toUtf8());
    }
    FileContents file;
    file.table = true;
    file.head = core::io::readTableHead(csv.toStdString());
    EXPECT_TRUE(judgeViewEntry().canOpen(file));
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    view->openFile(csv);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    ASSERT_EQ(errors.size(), 0) << errors.back().front().toString().toStdString();
    const jd::JudgeAnalysis& a = analysis();
    EXPECT_EQ(a.n, 3);
    EXPECT_EQ(a.m, 10);
    // Majorities right in 6 of the 10 rows (x = 3, 2, 1, 3, 0, 2, 3, 1, 3, 1): the empirical rate.
    EXPECT_NEAR(a.fits[3].accuracy, 0.6, 1e-12);
    EXPECT_EQ(view->settings().value("prior").toString(), QStringLiteral("weak"));
    EXPECT_TRUE(view->figureUnavailable("transfer").contains("source"));
    EXPECT_TRUE(view->figureUnavailable("stopping").isEmpty());

    const QString bad = dir.filePath("bad.csv");
    {
        QFile f(bad);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,0\n2,1\n");
    }
    view->openFile(bad);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors.back().front().toString().contains("row 2"))
        << errors.back().front().toString().toStdString();
    EXPECT_EQ(analysis().m, 10);  // the votes table's result is kept

    view->openDemo();  // back to the demo for the other tests
    ASSERT_TRUE(view->waitUntilIdle(120000));
    EXPECT_EQ(analysis().m, 400);
}

}  // namespace
}  // namespace assay::views
