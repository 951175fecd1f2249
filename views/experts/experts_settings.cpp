#include "views/experts/experts_settings.h"

#include <QCoreApplication>

namespace assay::views::experts {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ExpertsSettings", text); }

}  // namespace

QString layerSection() { return tr("Layer and heatmap"); }
QString graphSection() { return tr("Graph"); }
QString routingSection() { return tr("C2R and placement"); }
QString commSection() { return tr("Communication model"); }

// Four sections of at most six controls, so the panel shows every open one without scrolling.
SettingsSpec settingsSpec() {
    const QString top = layerSection(), graph = graphSection(), routing = routingSection(),
                  comm = commSection();
    const Stage figure = Stage::Figure, analysis = Stage::Analysis;
    SettingsSpec spec;
    SettingSpec layer =
        intSetting(kLayer.key, tr("Layer"), tr("The MoE layer shown in the graph and heatmaps"), 0,
                   0, 1023, figure, top);
    layer.dataLimit = tr("< the trace's layers");
    spec.add(layer);
    SettingSpec how = choiceSetting(kNormalise.key, tr("Heatmap"),
                                    tr("How co-activation counts are normalised in the heatmaps"),
                                    {{"conditional", tr("P(j | i)")},
                                     {"raw", tr("Raw counts")},
                                     {"jaccard", tr("Jaccard")},
                                     {"share", tr("Global share")},
                                     {"lift", tr("Lift")}},
                                    figure, top);
    how.aliases = QStringList{QStringLiteral("normalisation")};
    spec.add(how);
    SettingSpec colourMax = realSetting(
        kColourMax.key, tr("Colour max"),
        tr("Top of the heatmap's colour scale, the same for every file opened (0: each file's "
           "own largest value)"),
        0, 0, 1e12, figure, top);
    colourMax.decimals = 3;
    colourMax.step = 0.05;
    spec.add(colourMax);
    SettingSpec topT =
        intSetting(kTopT.key, tr("Top-T"),
                   tr("Collaborators kept per expert: graph edges, C2R's candidate lists"), 3, 1,
                   4096, analysis, graph);
    topT.aliases = QStringList{QStringLiteral("topT"), QStringLiteral("T")};
    topT.dataLimit = tr("k − 1 ≤ T ≤ n − 1 for n experts, top-k");
    spec.add(topT);
    spec.add(choiceSetting(kEdges.key, tr("Edges"), tr("Which links the graph draws"),
                           {{"topt", tr("Top-T partners")}, {"threshold", tr("Above a threshold")}},
                           figure, graph));
    // Lift by default: P(j | i) ranks partners mostly by their usage, and on a layer with a few
    // busy experts every edge then runs into them (see core's graph_edges.h).
    spec.add(choiceSetting(kEdgeWeight.key, tr("Edge weight"),
                           tr("What makes a strong link: lift = co-activation over what usage "
                              "alone predicts (shows structure beyond busy experts); P(j | i) = "
                              "share of i's partners"),
                           {{"lift", tr("Lift (over chance)")}, {"conditional", tr("P(j | i)")}},
                           figure, graph));
    SettingSpec threshold =
        realSetting(kThreshold.key, tr("Threshold"),
                    tr("With Edges = above a threshold: links whose weight is at least this share "
                       "of the strongest"),
                    0.2, 0, 1, figure, graph);
    threshold.slider = true;
    threshold.step = 0.01;
    spec.add(threshold);
    spec.add(choiceSetting(kLayout.key, tr("Layout"), tr("Where the experts sit in the graph"),
                           {{"force", tr("Force-directed")},
                            {"circular", tr("Circular")},
                            {"grouped", tr("Grouped by device")}},
                           figure, graph));
    spec.add(choiceSetting(kColour.key, tr("Colour"), tr("What node colours mean"),
                           {{"role", tr("Collaborative / specialised")},
                            {"domain", tr("Dominant domain")},
                            {"device", tr("Device")}},
                           figure, graph));
    spec.add(choiceSetting(
        kVariant.key, tr("C2R variant"),
        tr("How C2R re-weights the kept experts (papers.md §1 Step 6)"),
        {{"qwen", tr("Qwen (softmax weights)")}, {"llama", tr("LLaMA-MoE (logit softmax)")}},
        analysis, routing));
    SettingSpec devices =
        intSetting(kDevices.key, tr("Devices G"),
                   tr("Expert-parallel devices for placement and all-to-all volume"), 4, 1, 4096,
                   analysis, routing);
    devices.dataLimit = tr("≤ n experts");
    spec.add(devices);
    spec.add(choiceSetting(kPlacement.key, tr("Placement"),
                           tr("How experts are assigned to devices"),
                           {{"greedy", tr("Greedy collaboration")},
                            {"contiguous", tr("Contiguous")},
                            {"random", tr("Random")}},
                           analysis, routing));
    spec.add(intSetting(kHidden.key, tr("Hidden size d"),
                        tr("Token vector size for the dispatch volume"), 2048, 1, 65536, analysis,
                        comm));
    spec.add(intSetting(kBytes.key, tr("Bytes / element"),
                        tr("Bytes per element of a token vector (2 for bf16)"), 2, 1, 8, analysis,
                        comm));
    SettingSpec bandwidth =
        realSetting(kBandwidth.key, tr("Link bandwidth"),
                    tr("All-to-all link bandwidth in GB/s, for the time estimate"), 50, 0.1, 10000,
                    analysis, comm);
    bandwidth.suffix = tr(" GB/s");
    spec.add(bandwidth);
    SettingSpec latency = realSetting(kLatency.key, tr("Latency"),
                                      tr("Per-message latency in µs, for the time estimate"), 10, 0,
                                      10000, analysis, comm);
    latency.suffix = tr(" µs");
    spec.add(latency);
    SettingSpec selected =
        intSetting(kSelected.key, tr("Selected expert"),
                   tr("The expert whose partners the graph highlights (-1: none)"), -1, -1, 65535,
                   figure, graph);
    selected.control = false;
    selected.dataLimit = tr("< n experts");
    spec.add(selected);
    return spec;
}

}  // namespace assay::views::experts
