#pragma once
// The app's look: Qt's Fusion style with a tuned light or dark palette, a little spacing in the
// sidebar and docks, and the icons of resources/app.qrc.
#include <QIcon>
#include <QString>

namespace assay::app {

// Registers resources/app.qrc (it lives in the static library assay_app). Call once, after the
// QApplication exists; idempotent.
void initAppResources();

// Fusion with Assay's palette; dark for the Dark plot theme, light for the others.
void applyAppStyle(bool dark);

// An icon of resources/icons by base name ("open", "save", ...).
QIcon appIcon(const QString& name);

}  // namespace assay::app
