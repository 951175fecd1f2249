#pragma once
// A CalibrationView on the demo, with helpers to read what the figures show.
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <memory>

#include "views/calibration/calibration_controller.h"
#include "views/calibration/calibration_view.h"
#include "views/common/job_runner.h"
#include "views/common/figure_tabs.h"
#include "views/common/plot_panel.h"

namespace assay::views {

class CalibrationViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        runner = std::make_unique<JobRunner>();
        view = std::make_unique<CalibrationView>(*runner);
        view->resize(1400, 900);
        view->openDemo();
        ASSERT_TRUE(view->waitUntilIdle(60000));
        ASSERT_NE(view->controller()->report(), nullptr);
    }
    bool isDemo() const { return view->input().demo; }
    void TearDown() override { view.reset(); runner.reset(); }

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

    std::unique_ptr<JobRunner> runner;
    std::unique_ptr<CalibrationView> view;
};

}  // namespace assay::views
