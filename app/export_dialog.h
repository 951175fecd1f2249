#pragma once
// File → Export figure…: which figure, where (the format follows the extension: png, pdf, svg,
// csv), DPI, size in pixels (0 = as on screen) and the theme. Only asks; the window exports
// through ViewBase::exportFigure, the same call `assay render` makes.
#include <QDialog>
#include <QStringList>

#include "views/common/plot_export.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace assay::app {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QStringList& figureIds, const QString& suggestedPath,
                 QWidget* parent = nullptr);

    QString figureId() const;
    QString path() const;
    views::ExportOptions options() const;

private:
    void onBrowse();
    void onAccept();

    QComboBox* m_figure;
    QLineEdit* m_path;
    QSpinBox* m_dpi;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QComboBox* m_theme;
};

}  // namespace assay::app
