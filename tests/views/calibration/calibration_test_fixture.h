#pragma once
// A CalibrationView on the demo, with helpers to read what the figures show.
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <memory>

#include "views/calibration/calibration_controller.h"
#include "views/calibration/calibration_view.h"
#include "views/common/figure_tabs.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/plot_panel.h"

namespace assay::views {

// One view on the demo for the whole program; each test starts from the demo's first guide
// step (what openDemo applies), so no test sees another's settings.
class CalibrationViewTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        runner = new JobRunner;
        view = new CalibrationView(*runner);
        view->resize(1400, 900);
    }
    static void TearDownTestSuite() {
        delete view;
        delete runner;
    }
    void SetUp() override {
        QVariantMap defaults = view->settingsSpec().defaults();
        defaults.remove("figure");
        ASSERT_TRUE(view->applySettings(defaults));
        view->guidePanel()->goToStep(0);
        view->setTheme(Theme::Light);
        view->openDemo();
        ASSERT_TRUE(view->waitUntilIdle(60000));
        ASSERT_NE(view->controller()->report(), nullptr);
    }
    bool isDemo() const { return view->input().demo; }

    QCustomPlot* plot(const QString& id) const { return view->figures()->panel(id)->plot(); }
    // The graph with this legend name, or nullptr.
    QCPGraph* graph(const QString& figure, const QString& namePrefix) const {
        QCustomPlot* p = plot(figure);
        for (int i = 0; i < p->graphCount(); ++i)
            if (p->graph(i)->name().startsWith(namePrefix) && !p->graph(i)->name().endsWith(" std"))
                return p->graph(i);  // the mean line, not its ±std band edges
        return nullptr;
    }
    // y of a graph at x (exact key match), NaN if absent.
    static double valueAt(QCPGraph* g, double x) {
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
            if (std::abs(it->key - x) < 1e-9) return it->value;
        return std::nan("");
    }
    void apply(const QVariantMap& settings) {
        ASSERT_TRUE(view->applySettings(settings));
        ASSERT_TRUE(view->waitUntilIdle(60000));
    }

    static inline JobRunner* runner = nullptr;
    static inline CalibrationView* view = nullptr;
};

}  // namespace assay::views
