// The Token windows view's inputs: which files it claims, the image beside a features file, a
// features file with a picture underneath (the budget adapts to the grid), and refusals (a
// malformed grid, an unreadable image, a flat input whose N is not a square).
#include "views/windows/windows_inputs.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <random>

#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "views/common/job_runner.h"
#include "views/windows/windows_controller.h"
#include "views/windows/windows_view.h"

namespace assay::views {
namespace {

std::vector<double> randomValues(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> v(n);
    for (double& x : v) x = normal(rng);
    return v;
}

FileContents contentsOf(const QString& path) {
    FileContents f;
    f.path = path;
    f.suffix = QFileInfo(path).suffix().toLower();
    if (f.suffix == QLatin1String("safetensors"))
        f.tensors = core::io::TensorFile::open(path.toStdString()).tensors();
    return f;
}

TEST(WindowsInputs, ClaimsFeatureFilesAndPhotographs) {
    QTemporaryDir dir;
    const QString features = dir.filePath("f.safetensors");
    core::io::writeSafetensors(
        features.toStdString(),
        {core::io::tensorFromDoubles("features", randomValues(32, 1), {2, 2, 8})}, {});
    const QString other = dir.filePath("o.safetensors");
    core::io::writeSafetensors(
        other.toStdString(), {core::io::tensorFromDoubles("logits", randomValues(4, 1), {4})}, {});
    EXPECT_TRUE(opensWindowsInput(contentsOf(features)));
    EXPECT_FALSE(opensWindowsInput(contentsOf(other)));
    EXPECT_TRUE(opensWindowsInput(contentsOf(dir.filePath("photo.JPG"))));
    EXPECT_TRUE(isImagePath("a.png"));
    EXPECT_FALSE(isImagePath("a.csv"));
}

TEST(WindowsInputs, FindsTheImageBesideTheFeatures) {
    QTemporaryDir dir;
    const QString features = dir.filePath("scene.safetensors");
    EXPECT_TRUE(underlayFor(features, {}).isEmpty());
    QImage(8, 8, QImage::Format_RGB888).save(dir.filePath("scene.jpg"));
    EXPECT_EQ(underlayFor(features, {}), dir.filePath("scene.jpg"));
    QImage(8, 8, QImage::Format_RGB888).save(dir.filePath("other.png"));
    EXPECT_EQ(underlayFor(features, "other.png"), dir.filePath("other.png"));
    EXPECT_THROW(underlayFor(features, "missing.png"), core::InputError);
    EXPECT_THROW(featureOptions("24y", "auto"), core::ParameterError);
    EXPECT_EQ(featureOptions("6x4", "yes").grid->cols, 4);
    EXPECT_TRUE(*featureOptions("", "yes").cls);
    EXPECT_FALSE(featureOptions("", "auto").cls.has_value());
}

TEST(WindowsInputs, AFeaturesFileWithItsImageAdaptsTheBudget) {
    QTemporaryDir dir;
    const QString features = dir.filePath("grid.safetensors");
    core::io::writeSafetensors(
        features.toStdString(),
        {core::io::tensorFromDoubles("features", randomValues(4 * 4 * 8, 2), {4, 4, 8})}, {});
    QImage picture(80, 40, QImage::Format_RGB888);
    picture.fill(Qt::darkGreen);
    picture.save(dir.filePath("grid.png"));
    JobRunner r;
    WindowsView v(r);
    QSignalSpy errors(&v, &ViewBase::errorOccurred);
    v.openFile(features);
    ASSERT_TRUE(v.waitUntilIdle(120000));
    EXPECT_EQ(errors.count(), 0) << (errors.isEmpty()
                                         ? ""
                                         : errors.front().front().toString().toStdString());
    ASSERT_NE(v.controller()->analysis(), nullptr);
    EXPECT_EQ(v.settings().value("out-grid").toInt(), 2);  // 12 does not divide 4: half the grid
    EXPECT_FALSE(v.controller()->data()->demoEncoder);
    const OverlayScene& s = v.overlayScene();
    EXPECT_EQ(s.image.width(), 56);            // 14 pixels per patch
    EXPECT_NEAR(s.photoRect.height(), 28, 1);  // 80 × 40 padded: the photograph is half as high
    for (const QString& id : v.figureIds())
        EXPECT_TRUE(v.figureUnavailable(id).isEmpty()) << id.toStdString();
}

TEST(WindowsInputs, BadInputsAreReportedOnce) {
    QTemporaryDir dir;
    JobRunner r;
    WindowsView v(r);
    QSignalSpy errors(&v, &ViewBase::errorOccurred);
    const QString garbage = dir.filePath("broken.png");
    QFile f(garbage);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("not an image at all");
    f.close();
    v.openFile(garbage);
    ASSERT_TRUE(v.waitUntilIdle(120000));
    EXPECT_EQ(errors.count(), 1);
    EXPECT_TRUE(errors.back().front().toString().contains("broken.png"));
    // N = 5 rows is not a square and no grid is given.
    const QString flat = dir.filePath("flat.safetensors");
    core::io::writeSafetensors(
        flat.toStdString(), {core::io::tensorFromDoubles("features", randomValues(40, 3), {5, 8})},
        {});
    v.openFile(flat);
    ASSERT_TRUE(v.waitUntilIdle(120000));
    EXPECT_EQ(errors.count(), 2);
    EXPECT_EQ(v.controller()->data(), nullptr);
}

}  // namespace
}  // namespace assay::views
