#include "app/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "assay/core/error.h"

namespace assay::app {

using views::Theme;

ExportDialog::ExportDialog(const QStringList& figureIds, const QString& suggestedPath,
                           QWidget* parent)
    : QDialog(parent),
      m_figure(new QComboBox(this)),
      m_path(new QLineEdit(suggestedPath, this)),
      m_dpi(new QSpinBox(this)),
      m_width(new QSpinBox(this)),
      m_height(new QSpinBox(this)),
      m_theme(new QComboBox(this)) {
    setWindowTitle(tr("Export figure"));
    m_figure->addItems(figureIds);
    m_dpi->setRange(36, 1200);
    m_dpi->setValue(300);
    m_dpi->setSuffix(tr(" dpi"));
    for (QSpinBox* s : {m_width, m_height}) {
        s->setRange(0, 20000);
        s->setSuffix(tr(" px"));
        s->setSpecialValueText(tr("as on screen"));
    }
    m_theme->addItem(tr("As on screen"), QString());
    for (Theme t : {Theme::Paper, Theme::Light, Theme::Dark, Theme::Presentation})
        m_theme->addItem(views::themeName(t), views::themeName(t));
    m_theme->setCurrentIndex(1);  // Paper: what a figure for an article wants

    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::onBrowse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->setSpacing(8);
    form->addRow(tr("Figure"), m_figure);
    form->addRow(tr("File (.png .pdf .svg .csv)"), pathRow);
    form->addRow(tr("Resolution"), m_dpi);
    form->addRow(tr("Width"), m_width);
    form->addRow(tr("Height"), m_height);
    form->addRow(tr("Theme"), m_theme);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::onAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 12);
    layout->setSpacing(12);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

QString ExportDialog::figureId() const { return m_figure->currentText(); }
QString ExportDialog::path() const { return m_path->text().trimmed(); }

views::ExportOptions ExportDialog::options() const {
    views::ExportOptions o;
    o.dpi = m_dpi->value();
    o.widthPx = m_width->value();
    o.heightPx = m_height->value();
    const QString theme = m_theme->currentData().toString();
    if (!theme.isEmpty()) o.theme = views::themeFromName(theme);
    return o;
}

void ExportDialog::onBrowse() {
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export figure"), path(), tr("Figures (*.png *.pdf *.svg);;Plotted data (*.csv)"));
    if (!chosen.isEmpty()) m_path->setText(chosen);
}

void ExportDialog::onAccept() {
    try {
        views::exportFormatFor(path());
    } catch (const core::Error&) {
        m_path->setFocus();
        m_path->setToolTip(tr("The file name must end in .png, .pdf, .svg or .csv"));
        m_path->setStyleSheet(QStringLiteral("border: 1px solid #D55E00;"));
        return;
    }
    accept();
}

}  // namespace assay::app
