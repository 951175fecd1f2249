#pragma once
// The Probes view's settings, declared once (views/common/settings_spec.h). Where the commands
// `assay-run probe | steer | transfer` have the option, the key is its long option (test-fraction,
// c (alias C), cv, c-grid, balanced, seed, alpha, direction, rank).
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::probes_settings {

// Probes (what is trained).
inline constexpr SettingKey<int> kLayer{"layer"};
inline constexpr SettingKey<double> kC{"c"};
inline constexpr SettingKey<int> kCv{"cv"};
inline constexpr SettingKey<QVector<double>> kCGrid{"c-grid"};
inline constexpr SettingKey<bool> kBalanced{"balanced"};
inline constexpr SettingKey<double> kTestFraction{"test-fraction"};
inline constexpr SettingKey<int> kSeed{"seed"};
inline constexpr SettingKey<double> kSensitivity{"sensitivity"};
// Steering and transfer.
inline constexpr SettingKey<QString> kAlpha{"alpha"};
inline constexpr SettingKey<QString> kSteering{"direction"};
inline constexpr SettingKey<int> kRank{"rank"};
// Figures only.
inline constexpr SettingKey<QString> kHistogram{"histogram"};
inline constexpr SettingKey<QString> kCosine{"cosine"};
inline constexpr SettingKey<int> kPcaPoints{"pca-points"};
inline constexpr SettingKey<int> kCaption{"caption"};
// Inputs beside the states (a change reads the inputs again).
inline constexpr SettingKey<QString> kSecond{"second"};
inline constexpr SettingKey<QString> kPairs{"pairs"};
inline constexpr SettingKey<QString> kCaptions{"captions"};
inline constexpr SettingKey<QString> kCaptionStates{"caption-states"};
inline constexpr SettingKey<QString> kProbe{"probe"};

QString probeSection();
QString steeringSection();
QString figureSection();
QString inputSection();

SettingsSpec settingsSpec();

}  // namespace assay::views::probes_settings
