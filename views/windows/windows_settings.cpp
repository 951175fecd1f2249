#include "views/windows/windows_settings.h"

#include <QCoreApplication>

namespace assay::views::windows {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("WindowsSettings", text); }

SettingSpec textSetting(const char* key, const QString& label, const QString& tooltip, Stage stage,
                        const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Text;
    s.label = label;
    s.tooltip = tooltip;
    s.defaultValue = QString();
    s.stage = stage;
    s.section = section;
    return s;
}

}  // namespace

QString methodSection() { return tr("Methods and budget"); }
QString imageSection() { return tr("Image and overlay"); }
QString llmSection() { return tr("LLM (budget estimate)"); }
QString inputSection() { return tr("Input"); }

QString methodTitle(const QString& id) {
    if (id == QLatin1String("wico")) return tr("WiCo (2-D window concat)");
    if (id == QLatin1String("pool")) return tr("2-D average pooling");
    if (id == QLatin1String("concat1d")) return tr("1-D consecutive concat");
    if (id == QLatin1String("tome")) return tr("ToMe merging");
    if (id == QLatin1String("cls")) return tr("CLS-attention top-k");
    return id;
}

QString methodShort(const QString& id) {
    if (id == QLatin1String("wico")) return tr("WiCo");
    if (id == QLatin1String("pool")) return tr("Pooling");
    if (id == QLatin1String("concat1d")) return tr("1-D concat");
    if (id == QLatin1String("tome")) return tr("ToMe");
    if (id == QLatin1String("cls")) return tr("CLS top-k");
    return id;
}

SettingsSpec settingsSpec() {
    const QString m = methodSection(), im = imageSection(), llm = llmSection(), in = inputSection();
    const Stage analysis = Stage::Analysis, figure = Stage::Figure, load = Stage::Load;
    SettingsSpec spec;
    spec.add(choiceSetting(kMethod.key, tr("Method"),
                           tr("The reduction drawn over the image and in the members figure "
                              "(papers.md §3: WiCo and its baselines at the same budget)"),
                           {{"wico", methodTitle("wico")},
                            {"pool", methodTitle("pool")},
                            {"concat1d", methodTitle("concat1d")},
                            {"tome", methodTitle("tome")},
                            {"cls", methodTitle("cls")}},
                           figure, m));
    SettingSpec out = intSetting(kOutGrid.key, tr("Output grid"),
                                 tr("Output grid side: 12 gives 12 × 12 = 144 tokens from a "
                                    "24 × 24 grid (2 × 2 windows), 8 gives 64, 6 gives 36"),
                                 12, 1, 4096, analysis, m);
    out.dataLimit = tr("a side that divides the grid's");
    spec.add(out);
    spec.add(choiceSetting(kCompare.key, tr("Overlay shows"),
                           tr("The chosen method alone, or every method side by side at the "
                              "same budget"),
                           {{"one", tr("The chosen method")}, {"all", tr("Every method")}}, figure,
                           m));
    spec.add(intSetting(kTomeR.key, tr("ToMe r"),
                        tr("Tokens ToMe merges per step (0: in 8 steps, as many as needed)"), 0, 0,
                        1 << 20, analysis, m));
    spec.add(choiceSetting(kUpsampling.key, tr("Error upsampling"),
                           tr("How pooled tokens go back to the grid for the per-patch error"),
                           {{"bilinear", tr("Bilinear")}, {"nearest", tr("Nearest")}}, analysis,
                           m));
    spec.add(choiceSetting(
        kWicoPlus.key, tr("WiCo+ upsampling"),
        tr("WiCo+ (papers.md §3(c)): 1-D linear in raster order as the paper, "
           "or the 2-D bilinear proposal"),
        {{"linear1d", tr("1-D linear (paper)")}, {"bilinear2d", tr("2-D bilinear (proposal)")}},
        analysis, m));

    SettingSpec index =
        intSetting(kIndex.key, tr("Image"), tr("Which image of the batch (a demo scene) is shown"),
                   0, 0, 1 << 24, analysis, im);
    index.dataLimit = tr("< images in the input");
    spec.add(index);
    spec.add(choiceSetting(kFeatureSet.key, tr("Feature set"),
                           tr("features (hidden_states[-2]) or features_b (e.g. [-3], WiCo's "
                              "input before its trainable block) when the input has both"),
                           {{"features", tr("features")}, {"features-b", tr("features_b")}},
                           analysis, im));
    spec.add(choiceSetting(kHeatmap.key, tr("Heatmap"),
                           tr("What colours the patches: s_w of the patch's group, its "
                              "reconstruction error, the WiCo+ cosine to the original token, or "
                              "nothing"),
                           {{"similarity", tr("Within-group similarity s_w")},
                            {"error", tr("Reconstruction error")},
                            {"wico-plus", tr("WiCo+ cosine")},
                            {"none", tr("None")}},
                           figure, im));
    SettingSpec opacity =
        realSetting(kOpacity.key, tr("Opacity"), tr("Opacity of the heatmap over the image"), 0.55,
                    0, 1, figure, im);
    opacity.step = 0.05;
    opacity.slider = true;
    spec.add(opacity);
    SettingSpec grid;
    grid.key = QLatin1String(kPatchGrid.key);
    grid.type = SettingType::Bool;
    grid.label = tr("Patch grid");
    grid.tooltip = tr("Thin lines between patches (group boundaries are always drawn)");
    grid.defaultValue = true;
    grid.stage = figure;
    grid.section = im;
    spec.add(grid);
    SettingSpec patch = intSetting(kPatch.key, tr("Selected patch"),
                                   tr("The clicked patch (raster index, -1: none): its group in "
                                      "each method is highlighted and fills the members figure"),
                                   -1, -1, 1 << 24, figure, im);
    patch.control = false;
    patch.dataLimit = tr("< H·W patches");
    spec.add(patch);
    spec.add(choiceSetting(kHistogram.key, tr("Histograms of"),
                           tr("s_w over the batch: every method at the chosen budget, or the "
                              "chosen method at every budget"),
                           {{"methods", tr("Every method")}, {"budgets", tr("Every budget")}},
                           figure, im));

    SettingSpec params =
        realSetting(kLlmParams.key, tr("Parameters"),
                    tr("LLM parameters P in billions (Vicuna-7B: 7)"), 7, 0, 100000, figure, llm);
    params.minExclusive = true;
    params.suffix = tr(" B");
    spec.add(params);
    spec.add(intSetting(kLlmLayers.key, tr("Layers"), tr("LLM decoder layers L"), 32, 1, 100000,
                        figure, llm));
    spec.add(intSetting(kLlmWidth.key, tr("Width"), tr("LLM hidden width d"), 4096, 1, 1 << 20,
                        figure, llm));
    spec.add(
        intSetting(kLlmHeads.key, tr("Heads"), tr("Attention heads"), 32, 1, 65536, figure, llm));
    SettingSpec kv = intSetting(kLlmKvHeads.key, tr("KV heads"),
                                tr("Key/value heads (grouped-query attention: fewer than the "
                                   "heads, dividing them)"),
                                32, 1, 65536, figure, llm);
    kv.dataLimit = tr("≤ heads and dividing them");
    spec.add(kv);
    spec.add(intSetting(kLlmBytes.key, tr("Bytes per element"),
                        tr("KV-cache element size b (fp16: 2)"), 2, 1, 8, figure, llm));
    spec.add(intSetting(kTextTokens.key, tr("Text tokens"),
                        tr("Text tokens added to every row's sequence"), 0, 0, 1 << 24, figure,
                        llm));

    spec.add(textSetting(kGrid.key, tr("Grid"),
                         tr("H×W of a flat [N, D] input without metadata (.npy): 24x24; empty: "
                            "from the file"),
                         load, in));
    spec.add(choiceSetting(kCls.key, tr("CLS row"),
                           tr("Whether row 0 of a flat input is a CLS token (auto: the file's "
                              "metadata, else none)"),
                           {{"auto", tr("From the file")}, {"yes", tr("Yes")}, {"no", tr("No")}},
                           load, in));
    spec.add(textSetting(kImage.key, tr("Image file"),
                         tr("PNG/JPEG drawn under a features file (one image); empty: "
                            "<features>.png / .jpg beside it when there is one"),
                         load, in));
    spec.add(choiceSetting(kPreprocess.key, tr("Preprocess"),
                           tr("How a photograph becomes the encoder's square: pad (LLaVA-1.5, "
                              "mean colour) or CLIP's resize and centre crop"),
                           {{"pad", tr("Pad to a square")}, {"crop", tr("Centre crop")}}, load,
                           in));
    return spec;
}

}  // namespace assay::views::windows
