#include "app/window_capture.h"

#include <QCoreApplication>
#include <QDir>
#include <QPixmap>

#include "app/main_window.h"
#include "assay/core/error.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app {

QStringList captureDemoWindows(const views::ViewRegistry& registry, const QString& dir) {
    QStringList written;
    MainWindow window(registry);
    window.resize(1600, 1000);
    window.show();
    for (const views::ViewEntry& entry : registry.views()) {
        window.setCurrentView(entry.id);
        views::ViewBase* view = window.view(entry.id);
        view->openDemo();
        if (!view->waitUntilIdle(120000))
            throw core::ResourceError(entry.id.toStdString() +
                                      ": the demo is still computing after 120 s");
        QCoreApplication::processEvents();  // let the status bar and plots settle before the grab
        const QString path = QDir(dir).filePath(QStringLiteral("window-%1.png").arg(entry.id));
        if (!window.grab().save(path))
            throw core::OutputError(path.toStdString() + ": could not write the screenshot");
        written << path;
    }
    return written;
}

}  // namespace assay::app
