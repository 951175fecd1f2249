#pragma once
// The fixture every view's GUI tests share: one view of type View on its demo for the whole
// program (the demo trains once, a few seconds), shown at a window's size; each test starts from
// the declared defaults (resetToDefaults in the test's SetUp) on that one view.
#include <gtest/gtest.h>

#include <QSize>
#include <QVariantMap>

#include "views/common/job_runner.h"

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

    static inline JobRunner* runner = nullptr;
    static inline View* view = nullptr;
};

}  // namespace assay::views::test
