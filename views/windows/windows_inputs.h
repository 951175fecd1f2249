#pragma once
// Which of the Token windows view's inputs a path is, decided from the file: a photograph
// (PNG/JPEG: features from the demo encoder, said in the view) or a features file (a `features`
// tensor, .npy, or a folder of them), and the image drawn under a features file.
#include <QString>

#include "assay/tokens/patch_features.h"
#include "views/common/view_registry.h"

namespace assay::views {

// PNG, JPEG or BMP by extension (what readImage decodes).
bool isImagePath(const QString& path);

// Files with a `features` tensor, and images: the files routed to this view.
bool opensWindowsInput(const FileContents& file);

// The loader's options from the `grid` text ("" = the file's) and the `cls` choice
// (auto / yes / no). Throws core::ParameterError for a malformed grid.
core::tokens::FeatureOptions featureOptions(const QString& grid, const QString& cls);

// The image under a features file: `setting` (absolute or relative to the file's folder) when
// given — it must exist (InputError otherwise) —, else <stem>.png / .jpg / .jpeg beside the file,
// else empty (no image: the grid is drawn on a plain square).
QString underlayFor(const QString& featuresPath, const QString& setting);

}  // namespace assay::views
