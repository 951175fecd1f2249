// The cross-domain heatmaps of an MMLU-Pro-shaped set (14 disciplines, 3 to 10 options) at the
// figure's default export size: no two strings overlap (cell numbers, column and row labels,
// titles) and none runs under the colour bar. Checked from the exported SVG's text positions
// against the colour bar's rectangle at the same layout.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <random>

#include "calibration_test_fixture.h"
#include "tests/views/common/svg_text_layout.h"
#include "views/common/plot_fit.h"
#include "views/common/plot_heatmap.h"

namespace assay::views {
namespace {

using layoutcheck::readSvgTextLayout;
using layoutcheck::textLayoutProblems;

const QStringList kDisciplines = {"biology",   "business",    "chemistry", "computer science",
                                  "economics", "engineering", "health",    "history",
                                  "law",       "math",        "other",     "philosophy",
                                  "physics",   "psychology"};

// 14 disciplines, 3 to 10 options per question (empty cells for the options a question lacks).
QString writeMmluPro(const QString& dir) {
    std::mt19937_64 rng(14);
    std::normal_distribution<double> noise(0.0, 1.0);
    QString csv = "gold,group";
    for (const char* prefix : {"p_", "freq_"})
        for (int o = 0; o < 10; ++o) csv += QString(",%1%2").arg(prefix).arg(QChar('A' + o));
    csv += "\n";
    for (int g = 0; g < kDisciplines.size(); ++g)
        for (int i = 0; i < 60; ++i) {
            const int k = 3 + int(rng() % 8), gold = int(rng() % k);
            std::vector<double> p(k);
            double sum = 0;
            for (int o = 0; o < k; ++o)
                sum += p[o] = std::exp(noise(rng) + (o == gold ? 2.0 - 0.1 * g : 0));
            std::vector<int> counts(k, 0);
            for (int m = 0; m < 20; ++m) {
                double u = std::uniform_real_distribution<double>(0, sum)(rng);
                int o = 0;
                while (o < k - 1 && u > p[o]) u -= p[o++];
                ++counts[o];
            }
            csv += QChar('A' + gold) + QString(",") + kDisciplines[g];
            for (int o = 0; o < 10; ++o)
                csv += o < k ? QString(",%1").arg(p[o] / sum, 0, 'f', 6) : QString(",");
            for (int o = 0; o < 10; ++o)
                csv += o < k ? QString(",%1").arg(counts[o] / 20.0) : QString(",");
            csv += "\n";
        }
    const QString path = QDir(dir).filePath("mmlu_pro.csv");
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(csv.toUtf8());
    return path;
}

QCPColorScale* colourScale(QCustomPlot* plot) {
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
        if (auto* s = qobject_cast<QCPColorScale*>(e)) return s;
    return nullptr;
}

TEST_F(CalibrationViewTest, FourteenGroupHeatmapsAreReadableAtTheDefaultSize) {
    QTemporaryDir dir;
    view->openFile(writeMmluPro(dir.path()));
    ASSERT_TRUE(view->waitUntilIdle(120000));
    ASSERT_EQ(view->controller()->report()->groups.size(), 14u);
    QCustomPlot* p = plot("crossdomain");
    for (const char* metric : {"emr", "apss", "selected"}) {
        apply({{"heatmap", metric}});
        for (Theme theme : {Theme::Paper, Theme::Light, Theme::Presentation}) {
            const QString path = dir.filePath(QString("cd-%1-%2.svg").arg(metric).arg(int(theme)));
            ExportOptions options;
            options.theme = theme;
            view->exportFigure("crossdomain", path, options);
            const auto layout = readSvgTextLayout(path);
            ASSERT_FALSE(layout.texts.isEmpty());
            const QStringList problems = textLayoutProblems(layout, 1.0);
            EXPECT_TRUE(problems.isEmpty()) << path.toStdString() << ":\n"
                                            << problems.mid(0, 8).join('\n').toStdString();
            // The colour bar where the export drew it: the same layout at the same size (the
            // SVG's, in logical pixels: the presentation theme draws larger).
            const Theme shown = view->theme();
            applyTheme(p, theme);
            layOutAt(p, layout.viewBox.toRect());
            QCPColorScale* scale = colourScale(p);
            ASSERT_NE(scale, nullptr);
            // The bar is the scale's inner axis rect (its rect() holds the tick labels too).
            const QRectF bar = QRectF(scale->axis()->axisRect()->rect()).adjusted(-1, -1, 1, 1);
            for (const auto& t : layout.texts)
                EXPECT_FALSE(t.box.boundingRect().adjusted(1, 1, -1, -1).intersects(bar))
                    << metric << ": '" << t.text.toStdString() << "' runs under the colour bar";
            // Every column keeps a label: rotated, not thinned, with 14 groups.
            int columnLabels = 0;
            for (const auto& t : layout.texts) columnLabels += kDisciplines.contains(t.text);
            // Each of the three panels names its 14 rows and its 14 columns.
            EXPECT_GE(columnLabels, 14 * 3 * 2) << metric << " theme " << int(theme);
            applyTheme(p, shown);
        }
    }
    apply({{"heatmap", "emr"}});
}

}  // namespace
}  // namespace assay::views
