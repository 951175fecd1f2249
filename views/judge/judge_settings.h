#pragma once
// The Judge view's settings, declared once (see views/common/settings_spec.h). The keys are the
// long options of `assay render judge` and, where they exist, of `assay-run judge`.
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::judge {

inline constexpr SettingKey<QString> kEstimator{"estimator"};
inline constexpr SettingKey<QString> kPrior{"prior"};    // transfer | weak
inline constexpr SettingKey<QString> kSource{"source"};  // "all" or one source's name
inline constexpr SettingKey<double> kEpsilon{"epsilon"};
inline constexpr SettingKey<double> kGamma{"gamma"};
inline constexpr SettingKey<QString> kRadius{"radius"};  // jackknife | loo
inline constexpr SettingKey<int> kM0{"m0"};
inline constexpr SettingKey<int> kBudget{"budget"};
inline constexpr SettingKey<int> kRepetitions{"repetitions"};
inline constexpr SettingKey<int> kSeed{"seed"};
inline constexpr SettingKey<QString> kJudges{"judges"};  // "a,b,c"; empty: every judge column

// The settings that feed only the adaptive stopping (the error margin is kept when only these
// move).
QStringList stoppingKeys();

SettingsSpec settingsSpec();

}  // namespace assay::views::judge
