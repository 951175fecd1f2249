// GoogleTest main for the app tests: widgets need a QApplication on the main thread, and the
// tests must not touch the user's QSettings.
#include <gtest/gtest.h>

#include <QApplication>
#include <QTemporaryDir>

#include "app/app_style.h"

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir config;  // QSettings go here, not to ~/.config
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("AssayTests"));
    QApplication::setApplicationName(QStringLiteral("assay-tests"));
    assay::app::initAppResources();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
