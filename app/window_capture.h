#pragma once
// The README's screenshots, made by Assay itself with no display: the main window on each view's
// demo, grabbed offscreen (QWidget::grab draws through the raster engine).
#include <QString>
#include <QStringList>

namespace assay::views {
class ViewRegistry;
}

namespace assay::app {

// Writes <dir>/window-<view>.png for every registered view and returns the paths. Throws
// core::ResourceError when a demo does not finish computing in time.
QStringList captureDemoWindows(const views::ViewRegistry& registry, const QString& dir);

}  // namespace assay::app
