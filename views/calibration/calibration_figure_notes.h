#pragma once
// What the Calibration figures say besides their data: a title naming the calibration and test
// groups, marker labels placed where no curve runs, and scatter markers drawn whole at the axes'
// edges (a coverage or EMR of exactly 1 sits on the top of the axes).
#include <QString>
#include <QVector>

#include "assay/conformal/calibration_analysis.h"

class QCustomPlot;
class QCPAbstractPlottable;
class QCPErrorBars;
class QCPGraph;
class QCPItemText;

namespace assay::views {

// "Calibrated on all groups (1200 questions) · tested on Law (shifted) (300)" (mean sizes over
// the splits), with "(fixed split from the data)" when the data's split column decided them.
QString calibrationGroupsTitle(const core::conformal::CalibrationReport& r);

// The note said in the coverage figure and the log for generic data without a statistic column
// (selection on the score itself); empty otherwise.
QString selectionOnScoreNote(const core::conformal::CalibrationReport& r);

// Moves each vertical marker's label (addVerticalMarker) up or down the axes to a row where no
// graph, bar or earlier label lies within the label's reach on either side of its line (the
// label may flip sides at layout). Call after the axes' ranges and all data are set.
void placeMarkerLabels(QCustomPlot* plot, const QVector<QCPItemText*>& labels);

// A graph and error bars on `plot`'s axes that are not clipped to the axes: for data inside the
// ranges, whose markers on the edges (an EMR of exactly 1 or 0) would otherwise lose a half.
QCPGraph* addUnclippedGraph(QCustomPlot* plot);
QCPErrorBars* addUnclippedErrorBars(QCustomPlot* plot);
// Whether `p` is one of those (its markers are drawn whole wherever they sit).
bool drawnUnclipped(const QCPAbstractPlottable* p);

}  // namespace assay::views
