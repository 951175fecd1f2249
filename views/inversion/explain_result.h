#pragma once
// An `assay-run explain` result (.safetensors) as the Inversion view shows it: one method's
// attributions of real rows (e.g. the breast-cancer table), with no ground truth, roles, pokes or
// sweep — so of the view's figures only the attribution bars draw it, and the others say why.
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "views/inversion/inversion_figure_data.h"

namespace assay::views {
struct FileContents;
}

namespace assay::views::inversion {

struct ExplainResult {
    QString fileName;
    QString method;  // "exact", "kernelshap", "lime"
    QString model;   // the model's description
    QStringList features;
    std::int64_t rows = 0, M = 0, C = 0;
    std::vector<std::int64_t> rowIndex;  // R: the data rows explained
    std::vector<std::int64_t> labels;    // C: the outputs explained
    std::vector<double> attributions;    // R × M × C
    std::vector<double> fx;              // R × C
    std::vector<double> expectedValue;   // C (Shapley methods; empty for LIME)
    std::vector<double> localR2;         // R × C (LIME; empty otherwise)
};

// Cheap, from the headers: `attributions` [R, M, C] and `fx` [R, C] with matching R and C.
bool isExplainResult(const FileContents& file);
// Throws core::InputError naming the file and what is wrong (not an explain result, shapes that
// disagree, metadata missing).
ExplainResult readExplainResult(const QString& path);

// Row `row` (an index into the explained rows) for output `output` as the bars figure draws it:
// one row of signed shares, every feature's role "noise" (nothing is known to be spurious).
ItemRows explainResultRows(const ExplainResult& r, int row, int output);
// "cancer.safetensors (linear W[1,30] sigmoid)": the figure's caption.
QString explainResultCaption(const ExplainResult& r);

}  // namespace assay::views::inversion
