#include "views/windows/windows_inputs.h"

#include <QDir>
#include <QFileInfo>

#include "assay/core/error.h"

namespace assay::views {

bool isImagePath(const QString& path) {
    const QString s = QFileInfo(path).suffix().toLower();
    return s == QLatin1String("png") || s == QLatin1String("jpg") || s == QLatin1String("jpeg") ||
           s == QLatin1String("bmp");
}

bool opensWindowsInput(const FileContents& file) {
    if (file.find("features")) return true;
    return isImagePath(file.path);
}

core::tokens::FeatureOptions featureOptions(const QString& grid, const QString& cls) {
    core::tokens::FeatureOptions o;
    if (!grid.trimmed().isEmpty())
        o.grid = core::tokens::parseGridSize(grid.trimmed().toStdString(), "grid");
    if (cls == QLatin1String("yes")) o.cls = true;
    if (cls == QLatin1String("no")) o.cls = false;
    return o;
}

QString underlayFor(const QString& featuresPath, const QString& setting) {
    const QFileInfo info(featuresPath);
    const QDir dir = info.isDir() ? QDir(info.absoluteFilePath()) : info.absoluteDir();
    if (!setting.isEmpty()) {
        const QString p = dir.absoluteFilePath(setting);
        if (!QFileInfo(p).isFile())
            throw core::InputError(setting.toStdString(), "image",
                                   "no such file (the image drawn under the features)");
        return p;
    }
    if (info.isDir()) return {};
    for (const char* ext : {".png", ".jpg", ".jpeg"}) {
        const QString p = dir.filePath(info.completeBaseName() + QLatin1String(ext));
        if (QFileInfo(p).isFile()) return p;
    }
    return {};
}

}  // namespace assay::views
