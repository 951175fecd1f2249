#include "views/common/view_registry.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

#include "assay/core/error.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

using namespace assay::views;

namespace {

// The smallest view: enough to check what the registry and the app rely on.
class StubView : public ViewBase {
public:
    StubView(QString id, JobRunner& runner, QWidget* parent)
        : ViewBase(runner, {}, parent), m_id(std::move(id)) {}
    QString viewId() const override { return m_id; }
    QString title() const override { return m_id; }

protected:
    void loadDemo() override {}
    void loadFile(const QString& path) override { emit errorOccurred(path + ": unsupported"); }
    void recompute(Stage, const QStringList&) override {}
    bool hasResult() const override { return false; }

private:
    QString m_id;
};

ViewEntry entry(const QString& id) {
    ViewEntry e;
    e.id = id;
    e.title = id;
    e.canOpen = [id](const FileContents& file) { return file.table && file.path.contains(id); };
    e.factory = [id](JobRunner& runner, QWidget* parent) -> ViewBase* {
        return new StubView(id, runner, parent);
    };
    return e;
}

}  // namespace

TEST(ViewRegistry, KeepsRegistrationOrderAndCreatesViews) {
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

TEST(ViewRegistry, RejectsDuplicatesAndUnknownIds) {
    ViewRegistry registry;
    registry.registerView(entry(QStringLiteral("calibration")));
    EXPECT_THROW(registry.registerView(entry(QStringLiteral("calibration"))),
                 assay::core::ParameterError);
    ViewEntry noFactory;
    noFactory.id = QStringLiteral("x");
    EXPECT_THROW(registry.registerView(noFactory), assay::core::ParameterError);
    JobRunner runner;
    try {
        registry.create(QStringLiteral("pruning"), runner);
        FAIL() << "expected ParameterError";
    } catch (const assay::core::ParameterError& e) {
        EXPECT_NE(std::string(e.what()).find("calibration"), std::string::npos) << e.what();
    }
    EXPECT_EQ(registry.find(QStringLiteral("pruning")), nullptr);
}

TEST(ViewRegistry, RoutesAFileToTheViewsThatCanOpenIt) {
    ViewRegistry registry;
    registry.registerView(entry(QStringLiteral("experts")));
    registry.registerView(entry(QStringLiteral("calibration")));
    QTemporaryDir dir;
    for (const char* name : {"for_calibration.csv", "other.csv", "broken.safetensors"}) {
        QFile f(dir.filePath(name));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("x\n1\n");
    }
    EXPECT_EQ(registry.viewsFor(dir.filePath("for_calibration.csv")),
              QStringList{QStringLiteral("calibration")});
    EXPECT_TRUE(registry.viewsFor(dir.filePath("other.csv")).isEmpty());
    EXPECT_TRUE(
        registry.viewsFor(dir.filePath("broken.safetensors")).isEmpty());  // unreadable: no view
    EXPECT_TRUE(registry.viewsFor(dir.filePath("missing.csv")).isEmpty());
}
