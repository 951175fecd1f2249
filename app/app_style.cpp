#include "app/app_style.h"

#include <QApplication>
#include <QColor>
#include <QPalette>
#include <QStyleFactory>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initAppQrc() { Q_INIT_RESOURCE(app); }

namespace assay::app {

void initAppResources() {
    static bool done = false;
    if (!done) {
        initAppQrc();
        done = true;
    }
}

namespace {

// The few colours that distinguish the light and the dark look; makePalette spreads them over
// Qt's colour roles the same way for both.
struct Scheme {
    QColor window, base, alternateBase, text, button, accent, highlightedText, tooltipBase,
        placeholder, mid, disabled;
};

QPalette makePalette(const Scheme& c) {
    QPalette p;
    p.setColor(QPalette::Window, c.window);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::Base, c.base);
    p.setColor(QPalette::AlternateBase, c.alternateBase);
    p.setColor(QPalette::ToolTipBase, c.tooltipBase);
    p.setColor(QPalette::ToolTipText, c.text);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, c.button);
    p.setColor(QPalette::ButtonText, c.text);
    p.setColor(QPalette::Highlight, c.accent);
    p.setColor(QPalette::HighlightedText, c.highlightedText);
    p.setColor(QPalette::Link, c.accent);
    p.setColor(QPalette::PlaceholderText, c.placeholder);
    p.setColor(QPalette::Mid, c.mid);
    for (auto role : {QPalette::Text, QPalette::ButtonText, QPalette::WindowText})
        p.setColor(QPalette::Disabled, role, c.disabled);
    return p;
}

QPalette lightPalette() {
    // Accent: Okabe-Ito blue, as in the plots.
    return makePalette({QColor(0xf5, 0xf6, 0xf8), Qt::white, QColor(0xf0, 0xf2, 0xf5),
                        QColor(0x1f, 0x23, 0x28), QColor(0xfb, 0xfb, 0xfc),
                        QColor(0x00, 0x72, 0xb2), Qt::white, Qt::white, QColor(0x8a, 0x91, 0x99),
                        QColor(0xd0, 0xd4, 0xda), QColor(0xa0, 0xa6, 0xad)});
}

QPalette darkPalette() {
    // Accent: Okabe-Ito sky blue, which reads on dark.
    return makePalette(
        {QColor(0x23, 0x26, 0x2b), QColor(0x1b, 0x1d, 0x21), QColor(0x2a, 0x2d, 0x33),
         QColor(0xe6, 0xe8, 0xeb), QColor(0x2e, 0x32, 0x38), QColor(0x56, 0xb4, 0xe9),
         QColor(0x10, 0x12, 0x14), QColor(0x23, 0x26, 0x2b), QColor(0x80, 0x86, 0x8e),
         QColor(0x3a, 0x3e, 0x45), QColor(0x6b, 0x70, 0x78)});
}

}  // namespace

QColor sidebarSelectionColour(bool dark) {
    // The accent over the sidebar's base at about a fifth: a tinted pill, as navigation lists
    // show the page you are on (the base colour alone, framed, read as a text field).
    const QPalette p = dark ? darkPalette() : lightPalette();
    const QColor a = p.color(QPalette::Highlight), b = p.color(QPalette::Base);
    const double t = dark ? 0.28 : 0.16;
    return QColor::fromRgbF(float(b.redF() + t * (a.redF() - b.redF())),
                            float(b.greenF() + t * (a.greenF() - b.greenF())),
                            float(b.blueF() + t * (a.blueF() - b.blueF())));
}

QString sidebarStyleSheet(bool dark) {
    const QColor selected = sidebarSelectionColour(dark);
    const QString hover = QStringLiteral("rgba(%1, %2, %3, 50%)")
                              .arg(selected.red())
                              .arg(selected.green())
                              .arg(selected.blue());
    // outline: 0 drops Fusion's focus frame (a framed box around the clicked entry's text, which
    // made it look like a text field); the whole row is the selection, not just its text.
    return QStringLiteral(
               "QListWidget#sidebar { border: none; padding: 6px 4px; font-size: 10.5pt;"
               " outline: 0; show-decoration-selected: 1; }"
               "QListWidget#sidebar::item { padding: 8px 10px; border: none; border-radius: 6px;"
               " margin: 1px 2px; color: palette(window-text); }"
               "QListWidget#sidebar::item:hover:!selected { background: %1; }"
               "QListWidget#sidebar::item:selected, QListWidget#sidebar::item:selected:active,"
               " QListWidget#sidebar::item:selected:!active { background: %2;"
               " color: palette(window-text); }")
        .arg(hover, selected.name());
}

void applyAppStyle(bool dark) {
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    // Sizes in em/px scale with the font and the device pixel ratio, so HiDPI needs nothing more.
    qApp->setStyleSheet(sidebarStyleSheet(dark) +
                        QStringLiteral("QDockWidget::title { padding: 4px 8px; }"
                                       "QStatusBar QLabel { padding: 0 6px; }"));
}

QIcon appIcon(const QString& name) {
    return QIcon(QStringLiteral(":/assay/icons/%1.svg").arg(name));
}

}  // namespace assay::app
