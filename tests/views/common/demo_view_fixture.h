#pragma once
// The fixture every view's GUI tests share: one view of type View on its demo for the whole
// program (the demo trains once, a few seconds), shown at a window's size; each test starts from
// the declared defaults (resetToDefaults in the test's SetUp) on that one view.
#include <gtest/gtest.h>

#include <QSize>
#include <QVariantMap>

#include "views/common/figure_tabs.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/settings_spec.h"

namespace assay::views::test {

template <typename View>
class DemoViewFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        runner = new JobRunner;
        view = new View(*runner);
        view->resize(QSize(1400, 900));
        view->show();
        view->openDemo();
        ASSERT_TRUE(view->waitUntilIdle(300000));
    }
    static void TearDownTestSuite() {
        delete view;
        delete runner;
        view = nullptr;
        runner = nullptr;
    }
    // Every setting but the figure back to its default.
    void resetToDefaults() {
        QVariantMap defaults = view->settingsSpec().defaults();
        defaults.remove("figure");
        apply(defaults);
    }
    void apply(const QVariantMap& s, int ms = 120000) {
        ASSERT_TRUE(view->applySettings(s));
        ASSERT_TRUE(view->waitUntilIdle(ms));
    }

    // Plays guide step s as a user would (Next) and checks what every step promises: each key it
    // sets reads back, its figure is the one shown, and that figure can be exported.
    void playGuideStep(int s) {
        GuidePanel* guide = view->guidePanel();
        guide->goToStep(s);
        ASSERT_TRUE(view->waitUntilIdle(120000));
        const QVariantMap set = guide->guide().steps[s].settings;
        for (auto it = set.begin(); it != set.end(); ++it)
            EXPECT_EQ(settingText(view->settings().value(it.key())), settingText(it.value()))
                << "step " << s + 1 << ": " << it.key().toStdString();
        const QString figure = view->figures()->currentFigure();
        EXPECT_EQ(figure, set.value("figure").toString());
        EXPECT_TRUE(view->figureUnavailable(figure).isEmpty())
            << "step " << s + 1 << ": " << view->figureUnavailable(figure).toStdString();
    }

    static inline JobRunner* runner = nullptr;
    static inline View* view = nullptr;
};

}  // namespace assay::views::test
