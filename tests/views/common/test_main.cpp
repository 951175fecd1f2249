// GoogleTest main for widget tests: widgets need a QApplication on the GUI (main) thread.
#include <gtest/gtest.h>

#include <QApplication>

int main(int argc, char** argv) {
    // Without a display (a plain ctest run) fall back to the offscreen platform, which is also
    // what `assay render` uses; under xvfb-run the X display is used.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
