#include "views/common/view_registry.h"

#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

using namespace assay::views;

namespace {

// The smallest view: enough to check what the registry and the app rely on.
class StubView : public ViewBase {
public:
    StubView(QString id, QWidget* parent) : ViewBase(parent), m_id(std::move(id)) {}
    QString viewId() const override { return m_id; }
    QString title() const override { return m_id; }
    void openDemo() override {}
    void openFile(const QString& path) override { emit errorOccurred(path + ": unsupported"); }
    QStringList figureIds() const override { return {QStringLiteral("main")}; }
    void exportFigure(const QString&, const QString&, const ExportOptions&) override {}
    QJsonObject saveState(const QDir&) const override { return {}; }
    void restoreState(const QJsonObject&, const QDir&) override {}
    void setTheme(Theme) override {}
    bool isBusy() const override { return false; }
    void applySettings(const QVariantMap&) override {}
    QVariantMap settings() const override { return {}; }

private:
    QString m_id;
};

ViewEntry entry(const QString& id)
{
    return {id, id, {}, [id](JobRunner&, QWidget* parent) { return new StubView(id, parent); }};
}

}  // namespace

TEST(ViewRegistry, KeepsRegistrationOrderAndCreatesViews)
{
    ViewRegistry registry;
    registry.registerView(entry(QStringLiteral("experts")));
    registry.registerView(entry(QStringLiteral("calibration")));
    registry.registerView(entry(QStringLiteral("probes")));
    EXPECT_EQ(registry.ids(), (QStringList{QStringLiteral("experts"), QStringLiteral("calibration"),
                                           QStringLiteral("probes")}));
    JobRunner runner;
    QWidget parent;
    ViewBase* view = registry.create(QStringLiteral("calibration"), runner, &parent);
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->viewId(), QStringLiteral("calibration"));
    EXPECT_EQ(view->parent(), &parent);
}

TEST(ViewRegistry, RejectsDuplicatesAndUnknownIds)
{
    ViewRegistry registry;
    registry.registerView(entry(QStringLiteral("calibration")));
    EXPECT_THROW(registry.registerView(entry(QStringLiteral("calibration"))),
                 assay::core::ParameterError);
    EXPECT_THROW(registry.registerView(ViewEntry{QStringLiteral("x"), {}, {}, {}}),
                 assay::core::ParameterError);
    JobRunner runner;
    try {
        registry.create(QStringLiteral("pruning"), runner);
        FAIL() << "expected ParameterError";
    } catch (const assay::core::ParameterError& e) {
        EXPECT_NE(std::string(e.what()).find("calibration"), std::string::npos) << e.what();
    }
    EXPECT_EQ(registry.find(QStringLiteral("pruning")), nullptr);
}
