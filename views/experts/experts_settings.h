#pragma once
// The Experts view's settings, declared once (see views/common/settings_spec.h). The keys are the
// long options of `assay render experts` and, where they exist, of `assay-run coactivation/c2r`.
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::experts {

inline constexpr SettingKey<int> kLayer{"layer"};
inline constexpr SettingKey<int> kTopT{"top-t"};
inline constexpr SettingKey<QString> kNormalise{"normalise"};
inline constexpr SettingKey<QString> kEdges{"edges"};
inline constexpr SettingKey<QString> kEdgeWeight{"edge-weight"};
inline constexpr SettingKey<double> kColourMax{"colour-max"};
inline constexpr SettingKey<double> kThreshold{"threshold"};
inline constexpr SettingKey<QString> kLayout{"layout"};
inline constexpr SettingKey<QString> kColour{"colour"};
inline constexpr SettingKey<QString> kVariant{"variant"};
inline constexpr SettingKey<int> kDevices{"devices"};
inline constexpr SettingKey<QString> kPlacement{"placement"};
inline constexpr SettingKey<int> kHidden{"hidden"};
inline constexpr SettingKey<int> kBytes{"bytes"};
inline constexpr SettingKey<double> kBandwidth{"bandwidth"};
inline constexpr SettingKey<double> kLatency{"latency"};
inline constexpr SettingKey<int> kSelected{"selected"};

// The panel's sections, in order (the last starts folded: a first look does not need it).
QString layerSection();
QString graphSection();
QString routingSection();
QString commSection();

SettingsSpec settingsSpec();

}  // namespace assay::views::experts
