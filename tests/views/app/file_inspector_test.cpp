#include "app/file_inspector.h"

#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTemporaryDir>

#include "app/role_mapping.h"
#include "assay/io/safetensors.h"
#include "views/calibration/calibration_view.h"
#include "views/common/job_runner.h"
#include "views/experts/experts_view.h"

namespace assay::app {
namespace {

QString writeSmallSafetensors(const QTemporaryDir& dir) {
    const QString path = dir.filePath(QStringLiteral("small.safetensors"));
    core::io::writeSafetensors(
        path.toStdString(),
        {core::io::tensorFromInt64("labels", {0, 2, 1}, {3}),
         core::io::tensorFromDoubles("p", {0.1, 0.2, 0.7, 0.3, 0.3, 0.4}, {3, 2})},
        {{"group_names", "a,b"}});
    return path;
}

TEST(FileInspector, ListsTheTensorsOfASafetensorsFile) {
    QTemporaryDir dir;
    const QString path = writeSmallSafetensors(dir);
    views::JobRunner runner;
    FileInspector inspector(runner);
    QSignalSpy inspected(&inspector, &FileInspector::inspected);
    inspector.inspect(path);
    ASSERT_TRUE(runner.waitForIdle(10000));
    ASSERT_EQ(inspected.count(), 1);
    const QStringList rows = inspector.tensorRows();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0], QStringLiteral("labels I64 [3] 24"));
    EXPECT_EQ(rows[1], QStringLiteral("p F64 [3, 2] 48"));
    EXPECT_EQ(inspector.currentFile(), QFileInfo(path).absoluteFilePath());
}

TEST(FileInspector, ReportsAMalformedFileWithoutTouchingTheTables) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.safetensors"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("not a safetensors file at all");
    f.close();
    views::JobRunner runner;
    FileInspector inspector(runner);
    QSignalSpy errors(&inspector, &FileInspector::errorOccurred);
    inspector.inspect(path);
    ASSERT_TRUE(runner.waitForIdle(10000));
    ASSERT_EQ(errors.count(), 1);
    EXPECT_TRUE(errors[0][0].toString().contains(QStringLiteral("bad.safetensors")));
    EXPECT_TRUE(inspector.tensorRows().isEmpty());
}

TEST(FileInspector, AppliesARoleMappingToTheFileNames) {
    QTemporaryDir dir;
    const QString path = writeSmallSafetensors(dir);
    views::JobRunner runner;
    FileInspector inspector(runner);
    inspector.setTargetView(QStringLiteral("calibration"), views::calibrationViewEntry().roles, {});
    inspector.inspect(path);
    ASSERT_TRUE(runner.waitForIdle(10000));
    RoleMapping* mapping = inspector.roleMapping();
    EXPECT_TRUE(mapping->choose(QStringLiteral("gold"), QStringLiteral("labels")));
    EXPECT_TRUE(mapping->choose(QStringLiteral("probs"), QStringLiteral("p")));
    EXPECT_FALSE(mapping->choose(QStringLiteral("gold"), QStringLiteral("absent")));
    QSignalSpy applied(&inspector, &FileInspector::mappingApplied);
    emit mapping->applyRequested(mapping->map());
    ASSERT_EQ(applied.count(), 1);
    EXPECT_EQ(applied[0][0].toString(), QStringLiteral("calibration"));
    const QVariantMap map = applied[0][2].toMap();
    EXPECT_EQ(map.value(QStringLiteral("gold")).toString(), QStringLiteral("labels"));
    EXPECT_EQ(map.value(QStringLiteral("probs")).toString(), QStringLiteral("p"));
    EXPECT_EQ(map.size(), 2);
}

TEST(ViewList, CalibrationRolesComeFromCore) {
    QStringList names;
    for (const views::ViewRole& r : views::calibrationViewEntry().roles) names << r.name;
    for (const char* role :
         {"gold", "probs", "freqs", "samples", "group", "score", "split", "statistic"})
        EXPECT_TRUE(names.contains(QLatin1String(role))) << role;
    EXPECT_TRUE(views::expertsViewEntry().roles.isEmpty());
}

}  // namespace
}  // namespace assay::app
