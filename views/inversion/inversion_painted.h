#pragma once
// The two Inversion figures drawn with QPainter (PaintedFigure): the image heatmaps — the 32×32
// picture, then the ground truth, each method and the RBP-refined attributions as a colour per
// superpixel over the faded picture — and the text highlighting — each sentence's words on a
// background coloured by their signed share, one line per method. One diverging scale (blue
// negative – grey 0 – red positive) per figure, symmetric around 0; the spurious
// feature is outlined dashed, the causal ones solid. The CSVs have one row per feature and row.
#include <QPainter>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "assay/tokens/image.h"
#include "views/common/plot_theme.h"
#include "views/inversion/inversion_figure_data.h"

namespace assay::views::inversion {

struct ImageScene {
    QString title;
    core::tokens::RgbImage image;
    std::vector<std::int32_t> segments;  // per pixel, the feature
    std::vector<ex::FeatureRole> roles;  // per feature
    std::vector<ShareRow> panels;        // ground truth, methods, RBP
};
ImageScene imageScene(const ex::InversionAnalysis& a, int item, ex::Method shown);
void paintImageScene(QPainter& painter, const ImageScene& scene, QSizeF size, Theme theme);
QString imageSceneCsv(const ImageScene& scene);

struct TextLine {
    QString id;
    QStringList words;
    std::vector<ex::FeatureRole> roles;
    std::vector<ShareRow> rows;
};
struct TextScene {
    QString title;
    std::vector<TextLine> lines;
};
// Items first .. first + count − 1 (those that exist).
TextScene textScene(const ex::InversionAnalysis& a, int first, int count, ex::Method shown);
void paintTextScene(QPainter& painter, const TextScene& scene, QSizeF size, Theme theme);
QString textSceneCsv(const TextScene& scene);

// max |share| over the rows (at least 1e-12): the half-width of the figure's colour scale.
double shareExtent(const std::vector<ShareRow>& rows);

}  // namespace assay::views::inversion
