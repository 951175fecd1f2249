#pragma once
// Runs the built `assay` as a user would: no display (render must not need one), the CPU device.
#include <QProcess>
#include <QStringList>

namespace assay::app::test {

struct AssayRun {
    int code = -1;  // -1: it crashed or did not finish
    QString out, err;
};

inline AssayRun runAssay(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("ASSAY_DEVICE"), QStringLiteral("cpu"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ASSAY_EXECUTABLE), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The exit code, and stderr into `err` when given.
inline int runAssay(const QStringList& args, QString* err) {
    const AssayRun r = runAssay(args);
    if (err) *err = r.err;
    return r.code;
}

}  // namespace assay::app::test
