// What the Calibration figures tell a reader besides the curves: the groups in every title, the
// αₗ marker, the note on generic data without a statistic, marker labels clear of the curves,
// markers drawn whole, symbols instead of raw underscores; and the settings the issue found
// ignored or inconsistent (calibration share, the demo's α).
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <cmath>

#include "calibration_test_fixture.h"
#include "views/calibration/calibration_figure_notes.h"
#include "views/common/guide_panel.h"
#include "views/common/plot_fit.h"
#include "views/common/settings_panel.h"

namespace assay::views {
namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(text);
    return path;
}

// The figure's title row (a QCPTextElement), or "".
QString titleOf(QCustomPlot* plot) {
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
        if (auto* t = qobject_cast<QCPTextElement*>(e)) return t->text();
    return {};
}

QVector<QCPItemText*> textItems(QCustomPlot* plot) {
    QVector<QCPItemText*> items;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot->item(i))) items << t;
    return items;
}

// The label's drawn rectangle in pixels (after a layout and a replot).
QRectF labelRect(QCPItemText* t) {
    return QRectF(t->topLeft->pixelPosition(), t->bottomRight->pixelPosition()).normalized();
}

double parameter(CalibrationView* v, const char* key) {
    const QJsonObject o =
        QJsonDocument::fromJson(v->provenance().value("assay:parameters").toUtf8()).object();
    return o.value(key).toDouble(NAN);
}

TEST_F(CalibrationViewTest, TheCalibrationShareChangesTheSplitsAndHasAControl) {
    const auto n = static_cast<double>(view->controller()->report()->items);
    EXPECT_NEAR(view->controller()->report()->curves.meanCalSize, 0.5 * n, 1);
    apply({{"cal-fraction", 0.3}});
    const auto& r = *view->controller()->report();
    EXPECT_NEAR(r.curves.meanCalSize, 0.3 * n, 1);  // llround(0.3 n) per split
    EXPECT_NEAR(r.curves.meanTestSize, 0.7 * n, 1);
    EXPECT_NEAR(static_cast<double>(r.reference.calItems.size()), 0.3 * n, 1);
    // The figures say the halves' sizes.
    EXPECT_TRUE(titleOf(plot("coverage"))
                    .contains(QString("all groups (%1 questions)").arg(std::llround(0.3 * n))))
        << titleOf(plot("coverage")).toStdString();
    EXPECT_DOUBLE_EQ(parameter(view, "cal-fraction"), 0.3);
    // The window's control shows it (and the old key calFraction still reaches it).
    QWidget* control = view->controls()->control("cal-fraction");
    ASSERT_NE(control, nullptr);
    EXPECT_TRUE(control->isVisibleTo(view));
    auto* spin = qobject_cast<QDoubleSpinBox*>(control);
    ASSERT_NE(spin, nullptr) << control->metaObject()->className();
    EXPECT_DOUBLE_EQ(spin->value(), 0.3);
    apply({{"calFraction", 0.6}});
    EXPECT_NEAR(view->controller()->report()->curves.meanCalSize, 0.6 * n, 1);
}

TEST_F(CalibrationViewTest, TheDemoHasOneSetOfDefaults) {
    // `assay render --demo` opens the demo with no settings given (the guide's first step);
    // `assay render calibration --demo --delta 0.28` gives one. Both must run the same α.
    const double tour = parameter(view, "alpha");
    CalibrationView given(*runner);
    given.applySettings({{"delta", 0.28}});
    given.openDemo();
    ASSERT_TRUE(given.waitUntilIdle(60000));
    EXPECT_DOUBLE_EQ(parameter(&given, "alpha"), tour);
    EXPECT_DOUBLE_EQ(tour, view->settingsSpec().defaults().value("alpha").toDouble());
    // Every analysis value the first step sets is the default.
    const QVariantMap defaults = view->settingsSpec().defaults();
    const QVariantMap first = view->guidePanel()->guide().steps.front().settings;
    for (auto it = first.begin(); it != first.end(); ++it)
        if (it.key() != "figure")
            EXPECT_EQ(it.value(), defaults.value(it.key())) << it.key().toStdString();
}

TEST_F(CalibrationViewTest, EveryTitleNamesTheGroupsAndCoverageMarksAlphaL) {
    apply({{"test-group", "Law (shifted)"}});
    for (const QString& id : view->figureIds()) {
        const QString title = titleOf(plot(id));
        if (id == "crossdomain")
            EXPECT_TRUE(title.contains("each group")) << title.toStdString();
        else
            EXPECT_TRUE(title.startsWith("Calibrated on all groups (") &&
                        title.contains(" · tested on Law (shifted) ("))
                << id.toStdString() << ": " << title.toStdString();
    }
    const double alphaL = view->controller()->report()->alphaL;
    ASSERT_GT(alphaL, 0);
    bool marker = false;
    for (QCPItemText* t : textItems(plot("coverage")))
        if (t->text().startsWith("αₗ = ")) {
            marker = true;
            EXPECT_NEAR(t->position->key(), alphaL, 1e-12);
            EXPECT_TRUE(t->text().contains(QString::number(alphaL, 'f', 3)));
        }
    EXPECT_TRUE(marker);
    bool line = false;
    for (int i = 0; i < plot("coverage")->itemCount(); ++i)
        if (auto* l = qobject_cast<QCPItemStraightLine*>(plot("coverage")->item(i)))
            line |= std::abs(l->point1->key() - alphaL) < 1e-12;
    EXPECT_TRUE(line);
}

TEST_F(CalibrationViewTest, GenericScoresWithoutAStatisticSaySelectionUsesTheScore) {
    QTemporaryDir dir;
    QByteArray text = "score,group\n";
    for (int i = 0; i < 80; ++i)
        text += QByteArray::number((i * 37 % 80) / 80.0) + (i % 2 ? ",a\n" : ",b\n");
    QSignalSpy logs(view, &ViewBase::logMessage);
    view->openFile(writeFile(dir, "scores.csv", text));
    ASSERT_TRUE(view->waitUntilIdle(30000));
    ASSERT_NE(view->controller()->report(), nullptr);
    EXPECT_TRUE(view->controller()->report()->selectionOnScore);
    bool said = false;
    for (const auto& l : logs)
        said |= l.at(1).toString().contains("selection uses the score itself");
    EXPECT_TRUE(said);
    EXPECT_TRUE(titleOf(plot("coverage")).contains("selection uses the score itself"))
        << titleOf(plot("coverage")).toStdString();
    // With a statistic column nothing is said.
    QByteArray withStat = "score,statistic\n";
    for (int i = 0; i < 80; ++i)
        withStat +=
            QByteArray::number(i / 80.0) + "," + QByteArray::number((i * 13 % 80) / 80.0) + "\n";
    QSignalSpy logs2(view, &ViewBase::logMessage);
    view->openFile(writeFile(dir, "stat.csv", withStat));
    ASSERT_TRUE(view->waitUntilIdle(30000));
    EXPECT_FALSE(view->controller()->report()->selectionOnScore);
    for (const auto& l : logs2)
        EXPECT_FALSE(l.at(1).toString().contains("score itself"))
            << l.at(1).toString().toStdString();
    EXPECT_FALSE(titleOf(plot("coverage")).contains("score itself"));
}

// At the export size and at a small window's, no marker label covers a point of any line or bar,
// nor another label, and scatter markers are not clipped.
TEST_F(CalibrationViewTest, MarkerLabelsStayClearOfTheCurvesAndMarkersAreWhole) {
    for (const QVariantMap& settings :
         {QVariantMap{}, QVariantMap{{"test-group", "Law (shifted)"}},
          QVariantMap{{"alpha", 0.1}, {"delta", 0.1}}, QVariantMap{{"alpha", 0.6}}}) {
        apply(settings);
        for (const QString id : {"coverage", "setsize", "pvalues", "stratified"}) {
            QCustomPlot* p = plot(id);
            for (const QRect viewport : {QRect(0, 0, 1000, 700), QRect(0, 0, 640, 420)}) {
                layOutAt(p, viewport);
                p->replot(QCustomPlot::rpImmediateRefresh);
                layOutAt(p, viewport);
                const QVector<QCPItemText*> labels = textItems(p);
                for (int a = 0; a < labels.size(); ++a) {
                    const QRectF box = labelRect(labels[a]);
                    for (int b = a + 1; b < labels.size(); ++b)
                        EXPECT_FALSE(box.intersects(labelRect(labels[b])))
                            << id.toStdString() << ": " << labels[a]->text().toStdString() << " / "
                            << labels[b]->text().toStdString();
                    for (int g = 0; g < p->graphCount(); ++g) {
                        QCPGraph* graph = p->graph(g);
                        const auto data = graph->data();
                        for (auto it = data->constBegin(); it != data->constEnd(); ++it) {
                            if (!std::isfinite(it->value)) continue;
                            // Along the line to the next point too.
                            const auto next = it + 1;
                            for (int s = 0; s < (next == data->constEnd() ? 1 : 8); ++s) {
                                const double t = s / 8.0;
                                const double x = it->key + (s ? t * (next->key - it->key) : 0);
                                const double y =
                                    it->value + (s ? t * (next->value - it->value) : 0);
                                if (!std::isfinite(y)) continue;
                                const QPointF px(p->xAxis->coordToPixel(x),
                                                 p->yAxis->coordToPixel(y));
                                EXPECT_FALSE(box.contains(px))
                                    << id.toStdString() << " " << viewport.width() << ": '"
                                    << labels[a]->text().toStdString() << "' covers "
                                    << graph->name().toStdString() << " at " << x << ", " << y;
                            }
                        }
                    }
                }
                // Markers on the axes' edge (EMR₀ = 1, coverage 1) are drawn whole: inside
                // the axes, or by a graph not clipped to them.
                const QRectF axes = p->axisRect()->rect();
                for (int g = 0; g < p->graphCount(); ++g) {
                    QCPGraph* graph = p->graph(g);
                    if (graph->scatterStyle().shape() == QCPScatterStyle::ssNone ||
                        drawnUnclipped(graph))
                        continue;
                    const double radius =
                        graph->scatterStyle().size() / 2 + graph->pen().widthF() / 2;
                    const auto data = graph->data();
                    for (auto it = data->constBegin(); it != data->constEnd(); ++it) {
                        if (!std::isfinite(it->value)) continue;
                        const QPointF c(p->xAxis->coordToPixel(it->key),
                                        p->yAxis->coordToPixel(it->value));
                        EXPECT_TRUE(axes.contains(
                            QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius)))
                            << id.toStdString() << " " << viewport.width() << ": "
                            << graph->name().toStdString() << " at " << it->key << ", " << it->value
                            << " is clipped";
                    }
                }
                if (id == QLatin1String("stratified"))
                    for (int g = 0; g < p->graphCount(); ++g)
                        EXPECT_TRUE(drawnUnclipped(p->graph(g)));
            }
        }
    }
}

TEST_F(CalibrationViewTest, SymbolsAreSymbolsNotUnderscores) {
    QStringList texts;
    for (const QString& id : view->figureIds()) {
        QCustomPlot* p = plot(id);
        for (QCPAxisRect* rect : p->axisRects())
            for (QCPAxis* axis : rect->axes()) texts << axis->label();
        for (int i = 0; i < p->plottableCount(); ++i) texts << p->plottable(i)->name();
        for (QCPItemText* t : textItems(p)) texts << t->text();
        texts << titleOf(p);
    }
    texts << view->controls()->summary();
    for (const SettingSpec& s : view->settingsSpec().all()) texts << s.label << s.tooltip;
    for (const GuideStep& step : view->guidePanel()->guide().steps)
        texts << step.title << step.text << step.look;
    const QRegularExpression raw(QStringLiteral("[A-Za-zα]_[A-Za-z0-9]"));
    for (const QString& t : texts) EXPECT_FALSE(raw.match(t).hasMatch()) << t.toStdString();
    EXPECT_TRUE(view->controls()->summary().contains("αₗ"))
        << view->controls()->summary().toStdString();
}

}  // namespace
}  // namespace assay::views
