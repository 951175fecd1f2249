#include "app/app_style.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initAppQrc() { Q_INIT_RESOURCE(app); }

namespace assay::app {

void initAppResources()
{
    static bool done = false;
    if (!done) {
        initAppQrc();
        done = true;
    }
}

namespace {

QPalette lightPalette()
{
    QPalette p;
    const QColor window(0xf5, 0xf6, 0xf8), base(0xff, 0xff, 0xff), text(0x1f, 0x23, 0x28);
    const QColor accent(0x00, 0x72, 0xb2);  // Okabe-Ito blue, as in the plots
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0xf0, 0xf2, 0xf5));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x91, 0x99));
    p.setColor(QPalette::Mid, QColor(0xd0, 0xd4, 0xda));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa6, 0xad));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa6, 0xad));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xa0, 0xa6, 0xad));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x23, 0x26, 0x2b), base(0x1b, 0x1d, 0x21), text(0xe6, 0xe8, 0xeb);
    const QColor accent(0x56, 0xb4, 0xe9);  // Okabe-Ito sky blue reads on dark
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2d, 0x33));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2e, 0x32, 0x38));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, QColor(0x10, 0x12, 0x14));
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x86, 0x8e));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3e, 0x45));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x70, 0x78));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x70, 0x78));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x70, 0x78));
    return p;
}

}  // namespace

void applyAppStyle(bool dark)
{
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    // Sizes in em/px scale with the font and the device pixel ratio, so HiDPI needs nothing more.
    qApp->setStyleSheet(QStringLiteral(
        "QListWidget#sidebar { border: none; padding: 6px 4px; font-size: 10.5pt; }"
        "QListWidget#sidebar::item { padding: 8px 10px; border-radius: 6px; margin: 1px 2px;"
        " color: palette(window-text); }"
        "QListWidget#sidebar::item:selected { background: rgba(0, 114, 178, 40);"
        " color: palette(window-text); font-weight: 600; }"
        "QDockWidget::title { padding: 4px 8px; }"
        "QStatusBar QLabel { padding: 0 6px; }"));
}

QIcon appIcon(const QString& name)
{
    return QIcon(QStringLiteral(":/assay/icons/%1.svg").arg(name));
}

}  // namespace assay::app
