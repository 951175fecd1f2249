#pragma once
// The Pruning view's settings, declared once (views/common/settings_spec.h). The keys are the long
// options of `assay render pruning` and, where they exist, of `assay-run prune` (criterion,
// variant, procedure, sparsity, layers, held-out, seed, calib).
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::pruning {

inline constexpr SettingKey<QString> kCriterion{"criterion"};
inline constexpr SettingKey<QString> kVariant{"variant"};
inline constexpr SettingKey<QString> kProcedure{"procedure"};
inline constexpr SettingKey<double> kSparsity{"sparsity"};
inline constexpr SettingKey<QString> kCompare{"compare"};
inline constexpr SettingKey<QString> kCurveMetric{"curve-metric"};
inline constexpr SettingKey<int> kLayer{"layer"};
inline constexpr SettingKey<QString> kScale{"scale"};
inline constexpr SettingKey<int> kTopT{"top-t"};
inline constexpr SettingKey<QString> kCalib{"calib"};
inline constexpr SettingKey<QVector<int>> kLayers{"layers"};
inline constexpr SettingKey<double> kHeldOut{"held-out"};
inline constexpr SettingKey<int> kSeed{"seed"};

QString procedureSection();
QString figureSection();
QString inputSection();

// The criteria a `compare` choice draws in the curve figure, besides the chosen one:
// "chosen" (none), "best" (the paper's best of each group), or a group's four.
QStringList comparedCriteria(const QString& compare, const QString& chosen);

SettingsSpec settingsSpec();

}  // namespace assay::views::pruning
