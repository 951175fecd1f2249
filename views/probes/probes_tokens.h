#pragma once
// The captions figure (papers.md §4 figure 3): each caption's tokens in reading order, each on a
// background coloured by the probe's p(hallucinated) for its state (blue real – grey ½ –
// vermillion hallucinated), object tokens outlined by their label (solid: real, dashed:
// hallucinated) and, under a flagged object token (p > ½), a mark at the lowest-confidence token
// since the sentence start, where TruthPrInt would backtrack. Drawn with QPainter so that every
// export format shows the same picture; the CSV has one row per token.
#include <QPainter>
#include <QString>
#include <QStringList>
#include <vector>

#include "views/common/plot_theme.h"

namespace assay::views {

struct CaptionToken {
    QString text;                // as given, leading space kept (the painter trims for drawing)
    double probability;          // NaN: not scored
    int label = -1;              // 1 hallucinated object, 0 real object, -1 not an object
    double confidence;           // NaN when the captions have none
    int backtrackTo = -1;        // per token: the lowest-confidence index since the sentence start
    bool backtrackMark = false;  // a flagged object token backtracks here
};

struct CaptionLine {
    QString id;
    std::vector<CaptionToken> tokens;
};

struct CaptionScene {
    QString title;
    QStringList notes;  // under the title
    std::vector<CaptionLine> captions;
    int first = 0;  // index of captions[0] in the set (for "captions 3–7 of 12")
    int total = 0;
};

// How many of scene.captions fit at `size` (at least one when there is any).
int captionsThatFit(const CaptionScene& scene, QSizeF size, Theme theme, QPaintDevice* device);
void paintCaptions(QPainter& painter, const CaptionScene& scene, QSizeF size, Theme theme);
QString captionsCsv(const CaptionScene& scene);

}  // namespace assay::views
