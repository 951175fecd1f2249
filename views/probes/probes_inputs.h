#pragma once
// Which of the Probes view's inputs a file is, decided from its tensors (headers only) or, for
// JSON Lines, from its first line: labelled hidden states (the view's main input), a probe file
// (exported here or by `assay-run probe`), preference pairs, or captions. Paths given in the
// input settings are read relative to the main input's folder.
#include <QString>
#include <QStringList>

#include "views/common/view_registry.h"

namespace assay::views {

enum class ProbesFileKind { States, Probe, Pairs, Captions, Other };

// From what the file holds: `label` with `hidden` or `layers.{l}.hidden` → States; `weights`
// with `probe_direction` → Probe; `chosen` + `rejected` (or per layer) → Pairs; a .jsonl whose
// first line has "tokens" → Captions.
ProbesFileKind probesFileKind(const FileContents& file);
// The same from a path (reads the headers; Other for unreadable files).
ProbesFileKind probesFileKind(const QString& path);
bool opensProbesInput(const FileContents& file);

// `setting` relative to `base`'s folder (or absolute); empty stays empty. InputError when the
// file does not exist, naming the setting.
QString resolveInput(const QString& base, const QString& setting, const char* key);
// A comma-separated list of such paths.
QStringList resolveInputs(const QString& base, const QString& setting, const char* key);
// The states of a captions file: `setting` when given, else <stem>-states.safetensors or
// caption-states.safetensors beside it (InputError when none is there).
QString captionStatesFor(const QString& captions, const QString& setting);

}  // namespace assay::views
