#pragma once
// The overlay figure, drawn with QPainter (screen, PNG, SVG and PDF alike, offscreen too): the
// image the encoder saw — for a photograph the padded square with the photograph inside it
// (dashed outline), or the centre crop — with the patch grid, each method's group boundaries
// (windows, runs of consecutive patches, merged tokens, kept patches), a heatmap of s_w or the
// reconstruction error with an opacity, and the clicked patch's group highlighted in every panel.
// One panel per method shown, side by side.
#include <QImage>
#include <QPaintDevice>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <vector>

#include "assay/tokens/patch_features.h"
#include "views/common/plot_colour_scale.h"
#include "views/common/plot_theme.h"

class QPainter;

namespace assay::views {

struct OverlayPanel {
    QString title;                 // "WiCo (2-D window concat)"
    QString subtitle;              // "144 tokens · mean s_w 0.81"
    std::vector<int> source;       // H·W: the group (output token) of each patch, −1 = dropped
    std::vector<double> heat;      // H·W: the heatmap's value per patch (NaN: none)
    std::vector<int> highlighted;  // patches of the selected group (drawn outlined)
};

struct OverlayScene {
    QImage image;  // the square the encoder saw (null: none known, a plain square is drawn)
    core::tokens::GridSize grid;
    // The photograph inside the square, in the square's pixel coordinates (empty or the whole
    // square: no padding to show).
    QRectF photoRect;
    bool showGrid = true;
    bool showHeat = true;
    double opacity = 0.55;
    ColourScale scale;  // the heatmap's colours
    QString heatLabel;  // the colour bar's label
    QString title;
    QStringList caption;  // lines under the panels (what the features are, padding, …)
    std::vector<OverlayPanel> panels;
};

struct OverlayLayout {
    QRectF title;
    std::vector<QRectF> squares;   // per panel: the image square
    std::vector<QRectF> headings;  // per panel: title + subtitle above the square
    QRectF colourBar;
    QRectF caption;
};

// The layout of `scene` in a `size` canvas, with the theme's type measured on `device`.
OverlayLayout overlayLayout(const OverlayScene& scene, QSizeF size, Theme theme,
                            QPaintDevice* device);

struct OverlayHit {
    int panel = -1;
    int patch = -1;  // raster index, −1: off every square
};
OverlayHit overlayHitAt(const OverlayScene& scene, const OverlayLayout& layout, QPointF at);

void paintOverlay(QPainter& painter, const OverlayScene& scene, QSizeF size, Theme theme);

// CSV: "panel,patch,row,col,group,value,highlighted", one row per patch per panel.
QString overlayCsv(const OverlayScene& scene);

}  // namespace assay::views
