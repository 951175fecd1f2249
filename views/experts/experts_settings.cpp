#include "views/experts/experts_settings.h"

#include <QCoreApplication>

namespace assay::views::experts {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ExpertsSettings", text); }

SettingSpec integer(const char* key, const QString& label, int value, double lo, double hi,
                    const QString& tip, Stage stage, const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Int;
    s.label = label;
    s.tooltip = tip;
    s.defaultValue = value;
    s.min = lo;
    s.max = hi;
    s.stage = stage;
    s.section = section;
    return s;
}

SettingSpec choice(const char* key, const QString& label, QVector<SettingChoice> choices,
                   const QString& tip, Stage stage, const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Choice;
    s.label = label;
    s.tooltip = tip;
    s.defaultValue = choices.front().id;
    s.choices = std::move(choices);
    s.stage = stage;
    s.section = section;
    return s;
}

SettingSpec real(const char* key, const QString& label, double value, double lo, double hi,
                 const QString& suffix, const QString& tip, const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Double;
    s.label = label;
    s.tooltip = tip;
    s.defaultValue = value;
    s.min = lo;
    s.max = hi;
    s.suffix = suffix;
    s.section = section;
    return s;
}

}  // namespace

SettingsSpec settingsSpec() {
    const QString graph = tr("Graph"), routing = tr("C2R and placement");
    SettingsSpec spec;
    SettingSpec& layer = spec.add(integer(kLayer.key, tr("Layer"), 0, 0, 1023,
                                          tr("The MoE layer shown in the graph and heatmaps"),
                                          Stage::Figure, graph));
    layer.dataLimit = tr("< the trace's layers");
    SettingSpec& topT =
        spec.add(integer(kTopT.key, tr("Top-T"), 3, 1, 4096,
                         tr("Collaborators kept per expert: graph edges, C2R's candidate lists"),
                         Stage::Analysis, graph));
    topT.aliases = QStringList{QStringLiteral("topT"), QStringLiteral("T")};
    topT.dataLimit = tr("k − 1 ≤ T ≤ n − 1 for n experts, top-k");
    SettingSpec& how = spec.add(choice(
        kNormalise.key, tr("Heatmap"),
        {{"conditional", tr("P(j | i)")},
         {"raw", tr("Raw counts")},
         {"jaccard", tr("Jaccard")},
         {"share", tr("Global share")},
         {"lift", tr("Lift")}},
        tr("How co-activation counts are normalised in the heatmaps"), Stage::Figure, graph));
    how.aliases = QStringList{QStringLiteral("normalisation")};
    spec.add(choice(kEdges.key, tr("Edges"),
                    {{"topt", tr("Top-T partners")}, {"threshold", tr("Above a threshold")}},
                    tr("Which links the graph draws"), Stage::Figure, graph));
    SettingSpec& threshold =
        spec.add(real(kThreshold.key, tr("Threshold"), 0.2, 0, 1, {},
                      tr("Edge threshold on P(j | i), as a share of the strongest link"), graph));
    threshold.stage = Stage::Figure;
    threshold.slider = true;
    threshold.step = 0.01;
    spec.add(choice(kLayout.key, tr("Layout"),
                    {{"force", tr("Force-directed")},
                     {"circular", tr("Circular")},
                     {"grouped", tr("Grouped by device")}},
                    tr("Where the experts sit in the graph"), Stage::Figure, graph));
    spec.add(choice(kColour.key, tr("Colour"),
                    {{"role", tr("Collaborative / specialised")},
                     {"domain", tr("Dominant domain")},
                     {"device", tr("Device")}},
                    tr("What node colours mean"), Stage::Figure, graph));
    spec.add(choice(
        kVariant.key, tr("C2R variant"),
        {{"qwen", tr("Qwen (softmax weights)")}, {"llama", tr("LLaMA-MoE (logit softmax)")}},
        tr("How C2R re-weights the kept experts (papers.md §1 Step 6)"), Stage::Analysis, routing));
    SettingSpec& devices =
        spec.add(integer(kDevices.key, tr("Devices G"), 4, 1, 4096,
                         tr("Expert-parallel devices for placement and all-to-all volume"),
                         Stage::Analysis, routing));
    devices.dataLimit = tr("≤ n experts");
    spec.add(choice(kPlacement.key, tr("Placement"),
                    {{"greedy", tr("Greedy collaboration")},
                     {"contiguous", tr("Contiguous")},
                     {"random", tr("Random")}},
                    tr("How experts are assigned to devices"), Stage::Analysis, routing));
    spec.add(integer(kHidden.key, tr("Hidden size d"), 2048, 1, 65536,
                     tr("Token vector size for the dispatch volume"), Stage::Analysis, routing));
    spec.add(integer(kBytes.key, tr("Bytes / element"), 2, 1, 8,
                     tr("Bytes per element of a token vector (2 for bf16)"), Stage::Analysis,
                     routing));
    spec.add(real(kBandwidth.key, tr("Link bandwidth"), 50, 0.1, 10000, tr(" GB/s"),
                  tr("All-to-all link bandwidth in GB/s, for the time estimate"), routing));
    spec.add(real(kLatency.key, tr("Latency"), 10, 0, 10000, tr(" µs"),
                  tr("Per-message latency in µs, for the time estimate"), routing));
    SettingSpec& selected = spec.add(integer(
        kSelected.key, tr("Selected expert"), -1, -1, 65535,
        tr("The expert whose partners the graph highlights (-1: none)"), Stage::Figure, graph));
    selected.control = false;
    selected.dataLimit = tr("< n experts");
    return spec;
}

}  // namespace assay::views::experts
