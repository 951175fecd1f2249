#pragma once
// The app's look: Qt's Fusion style with a tuned light or dark palette, a little spacing in the
// sidebar and docks, and the icons of resources/app.qrc.
#include <QColor>
#include <QIcon>
#include <QString>

namespace assay::app {

// Registers resources/app.qrc (it lives in the static library assay_app). Call once, after the
// QApplication exists; idempotent.
void initAppResources();

// Fusion with Assay's palette; dark for the Dark plot theme, light for the others.
void applyAppStyle(bool dark);

// The sidebar's look: the current view's entry a tinted, unframed pill (a selected navigation
// item), hover a lighter tint, no focus frame. The colour is exposed for tests.
QColor sidebarSelectionColour(bool dark);
QString sidebarStyleSheet(bool dark);

// An icon of resources/icons by base name ("open", "save", ...).
QIcon appIcon(const QString& name);

}  // namespace assay::app
