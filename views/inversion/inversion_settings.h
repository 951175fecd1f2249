#pragma once
// The Inversion view's settings, declared once (see views/common/settings_spec.h). The analysis
// keys are the options of `assay-run inversion` (--domain, --model, --strength, --p, --lambda,
// --seed); the figure keys choose what the figures show of the one result.
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::inversion {

// Analysis: the synthetic set, its model and the explanations.
inline constexpr SettingKey<QString> kDomain{"domain"};  // tabular | image | text
inline constexpr SettingKey<QString> kModel{"model"};    // shortcut | clean
inline constexpr SettingKey<double> kStrength{"strength"};
inline constexpr SettingKey<int> kItems{"items"};
inline constexpr SettingKey<int> kNsamples{"nsamples"};  // 0 = each method's default
inline constexpr SettingKey<int> kStabilitySeeds{"stability-seeds"};
inline constexpr SettingKey<int> kSeed{"seed"};
inline constexpr SettingKey<double> kP{"p"};
inline constexpr SettingKey<double> kLambda{"lambda"};
inline constexpr SettingKey<bool> kSweep{"sweep"};
inline constexpr SettingKey<int> kSweepPoints{"sweep-points"};
// Figures.
inline constexpr SettingKey<QString> kMethod{"method"};  // lime | kernelshap: the one shown
inline constexpr SettingKey<int> kItem{"item"};

SettingsSpec settingsSpec();

}  // namespace assay::views::inversion
