#include "views/common/guide_panel.h"

#include <gtest/gtest.h>

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "assay/core/error.h"

using namespace assay::views;

namespace {

QString dataPath(const char* name) {
    return QStringLiteral(ASSAY_VIEWS_COMMON_TEST_DATA "/") + QLatin1String(name);
}

}  // namespace

TEST(Guide, LoadsStepsWithSettings) {
    const Guide guide = loadGuide(dataPath("tour.json"));
    EXPECT_EQ(guide.title, QStringLiteral("Conformal calibration"));
    ASSERT_EQ(guide.steps.size(), 3);
    EXPECT_EQ(guide.steps[1].settings.value(QStringLiteral("delta")).toDouble(), 0.28);
    EXPECT_EQ(guide.steps[0].look, QStringLiteral("the curve against the diagonal"));
    EXPECT_TRUE(guide.steps[2].settings.isEmpty());
}

TEST(Guide, LoadsFromQtResources) {
    const Guide guide = loadGuide(QStringLiteral(":/test-guides/tour.json"));
    EXPECT_EQ(guide.steps.size(), 3);
}

TEST(Guide, MalformedGuideNamesFileAndField) {
    try {
        loadGuide(dataPath("missing_text.json"));
        FAIL() << "expected InputError";
    } catch (const assay::core::InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("missing_text.json"), std::string::npos) << message;
        EXPECT_NE(message.find("steps[1].text"), std::string::npos) << message;
    }
    EXPECT_THROW(parseGuide("{ \"title\": \"x\", \"steps\": [", QStringLiteral("t.json")),
                 assay::core::InputError);
    EXPECT_THROW(parseGuide("{ \"title\": \"x\", \"steps\": [] }", QStringLiteral("t.json")),
                 assay::core::InputError);
    EXPECT_THROW(loadGuide(dataPath("no_such_guide.json")), assay::core::InputError);
}

TEST(GuidePanel, SteppingForwardEmitsEachStepsSettings) {
    GuidePanel panel;
    panel.setGuide(loadGuide(dataPath("tour.json")));
    QSignalSpy activated(&panel, &GuidePanel::stepActivated);
    auto* next = panel.findChild<QPushButton*>(QStringLiteral("guideNext"));
    auto* counter = panel.findChild<QLabel*>(QStringLiteral("guideCounter"));
    ASSERT_TRUE(next && counter);
    EXPECT_EQ(panel.currentStep(), 0);
    EXPECT_EQ(activated.count(), 0);  // setGuide shows step 0 without applying it
    EXPECT_EQ(counter->text(), QStringLiteral("1 / 3"));

    QTest::mouseClick(next, Qt::LeftButton);
    ASSERT_EQ(activated.count(), 1);
    EXPECT_EQ(activated.at(0).at(0).toInt(), 1);
    const QVariantMap settings = activated.at(0).at(1).toMap();
    EXPECT_EQ(settings.value(QStringLiteral("delta")).toDouble(), 0.28);
    EXPECT_EQ(settings.value(QStringLiteral("figure")).toString(), QStringLiteral("setsize"));
    EXPECT_EQ(counter->text(), QStringLiteral("2 / 3"));

    QTest::mouseClick(next, Qt::LeftButton);
    EXPECT_EQ(panel.currentStep(), 2);
    EXPECT_FALSE(next->isEnabled());  // last step
}

TEST(GuidePanel, BackIsDisabledAtFirstStep) {
    GuidePanel panel;
    panel.setGuide(loadGuide(dataPath("tour.json")));
    auto* back = panel.findChild<QPushButton*>(QStringLiteral("guideBack"));
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->isEnabled());
    panel.goToStep(1);
    EXPECT_TRUE(back->isEnabled());
    QSignalSpy activated(&panel, &GuidePanel::stepActivated);
    QTest::mouseClick(back, Qt::LeftButton);
    EXPECT_EQ(panel.currentStep(), 0);
    ASSERT_EQ(activated.count(), 1);
    EXPECT_DOUBLE_EQ(activated.at(0).at(1).toMap().value(QStringLiteral("alpha")).toDouble(), 0.1);
    EXPECT_FALSE(back->isEnabled());
    panel.goToStep(7);  // out of range: ignored
    EXPECT_EQ(panel.currentStep(), 0);
}

TEST(GuidePanel, WithoutGuideShowsNothing) {
    GuidePanel panel;
    EXPECT_EQ(panel.currentStep(), -1);
    EXPECT_FALSE(panel.findChild<QPushButton*>(QStringLiteral("guideNext"))->isEnabled());
}
