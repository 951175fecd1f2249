#pragma once
// Reads back where an exported SVG puts its text, to check a figure's layout from the file a
// user gets rather than from the widgets that drew it. QSvgGenerator writes every string as a
// <text> element (x, y = the baseline's start; font-family, font-size in pixels at the SVG's
// resolution, font-weight, font-style) inside <g> elements whose transform attributes carry the
// painter's translation and rotation (rotated tick and axis labels).
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>

namespace assay::views::layoutcheck {

struct SvgText {
    QString text;
    QPolygonF box;  // the string's advance x (ascent + descent), in viewBox coordinates
};

struct SvgTextLayout {
    QRectF viewBox;
    QVector<SvgText> texts;  // in drawing order; strings of blanks only are left out
};

// Parses `path`; an unreadable file or one without a viewBox gives an empty viewBox.
// `resolutionDpi` is the resolution the SVG was written at (its font sizes are pixels at it).
SvgTextLayout readSvgTextLayout(const QString& path, double resolutionDpi = 96.0);

// What is wrong with the layout, one line each: a string that leaves the viewBox, two strings
// whose boxes overlap. Each box is first shrunk by `tolerancePx` on every side (anti-aliasing,
// rounding of positions); the same string drawn twice at the same place is not an overlap.
QStringList textLayoutProblems(const SvgTextLayout& layout, double tolerancePx = 1.0);

}  // namespace assay::views::layoutcheck
