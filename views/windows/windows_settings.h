#pragma once
// The Token windows view's settings, declared once (views/common/settings_spec.h). Where
// `assay-run windows` has the option, the key is its long option (method, out-grid, grid, cls,
// image, tome-r, upsampling, wico-plus, preprocess).
#include "views/common/settings.h"
#include "views/common/settings_spec.h"

namespace assay::views::windows {

// Methods and budget.
inline constexpr SettingKey<QString> kMethod{"method"};
inline constexpr SettingKey<int> kOutGrid{"out-grid"};
inline constexpr SettingKey<QString> kCompare{"compare"};
inline constexpr SettingKey<int> kTomeR{"tome-r"};
inline constexpr SettingKey<QString> kUpsampling{"upsampling"};
inline constexpr SettingKey<QString> kWicoPlus{"wico-plus"};
// The image and what is drawn over it.
inline constexpr SettingKey<int> kIndex{"index"};
inline constexpr SettingKey<QString> kFeatureSet{"feature-set"};
inline constexpr SettingKey<QString> kHeatmap{"heatmap"};
inline constexpr SettingKey<double> kOpacity{"opacity"};
inline constexpr SettingKey<bool> kPatchGrid{"patch-grid"};
inline constexpr SettingKey<int> kPatch{"patch"};
inline constexpr SettingKey<QString> kHistogram{"histogram"};
// The LLM of the budget estimate.
inline constexpr SettingKey<double> kLlmParams{"llm-params"};
inline constexpr SettingKey<int> kLlmLayers{"llm-layers"};
inline constexpr SettingKey<int> kLlmWidth{"llm-width"};
inline constexpr SettingKey<int> kLlmHeads{"llm-heads"};
inline constexpr SettingKey<int> kLlmKvHeads{"llm-kv-heads"};
inline constexpr SettingKey<int> kLlmBytes{"llm-bytes"};
inline constexpr SettingKey<int> kTextTokens{"text-tokens"};
// Input (a change reads the input again).
inline constexpr SettingKey<QString> kGrid{"grid"};
inline constexpr SettingKey<QString> kCls{"cls"};
inline constexpr SettingKey<QString> kImage{"image"};
inline constexpr SettingKey<QString> kPreprocess{"preprocess"};

QString methodSection();
QString imageSection();
QString llmSection();
QString inputSection();

// "WiCo", "2-D pooling", … for figure titles and legends.
QString methodTitle(const QString& id);
QString methodShort(const QString& id);  // "WiCo", "Pool", … for tight titles

SettingsSpec settingsSpec();

}  // namespace assay::views::windows
