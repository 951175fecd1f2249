#pragma once
// The Calibration view's settings, declared once (see views/common/settings_spec.h): keys,
// ranges, defaults, controls and the stage each feeds. The keys are the long options of
// `assay render calibration` and `assay-run conformal`.
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::calibration {

inline constexpr SettingKey<double> kAlpha{"alpha"};
inline constexpr SettingKey<double> kDelta{"delta"};
inline constexpr SettingKey<QVector<double>> kWeights{"weights"};  // w_l, w_f
inline constexpr SettingKey<QString> kStatistic{"statistic"};
inline constexpr SettingKey<int> kRepetitions{"repetitions"};
inline constexpr SettingKey<int> kSeed{"seed"};
inline constexpr SettingKey<double> kCalFraction{"cal-fraction"};
inline constexpr SettingKey<QString> kCalGroup{"cal-group"};
inline constexpr SettingKey<QString> kTestGroup{"test-group"};
inline constexpr SettingKey<QString> kHeatmap{"heatmap"};
inline constexpr SettingKey<QVariantMap> kMap{"map"};  // role -> column/tensor name

SettingsSpec settingsSpec();

}  // namespace assay::views::calibration
