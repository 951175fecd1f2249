#pragma once
// Turns Experts view actions into core calls on the job runner. Three jobs, each tagged so a
// newer request supersedes an older one: loading (the demo trains a small MoE for a few seconds,
// or a trace file is read), the analysis (co-activation, statistics, C2R, placement), and the
// graph layout of the shown layer.
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "assay/moe/coactivation.h"
#include "assay/moe/experts_analysis.h"
#include "assay/moe/graph_edges.h"
#include "assay/moe/graph_layout.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

namespace assay::views {

class JobRunner;

enum class ExpertsLayout { Circular, Force, Grouped };

class ExpertsController : public QObject {
    Q_OBJECT
public:
    explicit ExpertsController(JobRunner& runner, QObject* parent = nullptr);

    void loadDemo();
    void loadFile(const QString& path);
    void analyse(const core::moe::ExpertsParams& params);
    // The force layout pulls along the graph's own Top-T links by `weight` (graph_edges.h).
    void layOut(int layer, ExpertsLayout layout, core::moe::EdgeWeight weight, int topT);

    // What was loaded: a routing trace, or collaboration matrices alone (no C2R, no domains).
    struct Shape {
        int layers = 0, experts = 0, topK = 0;
        bool domains = false, logits = false;
    };
    const Shape& shape() const { return m_shape; }
    // The newest complete analysis (nullptr before the first); a new generation = new results.
    const core::moe::ExpertsAnalysis* analysis() const { return m_analysis.get(); }
    int analysisGeneration() const { return m_generation; }
    // Positions of layoutLayer()'s experts (empty until the first layout).
    const std::vector<core::moe::Point>& positions() const { return m_positions; }
    int layoutLayer() const { return m_layoutLayer; }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void resultReady(qint64 ms);
    // New positions: `partial` while the force layout is still settling, then the final ones.
    void layoutReady(bool partial);
    void failed(const QString& message);

private:
    using Trace = std::shared_ptr<const core::moe::RoutingTrace>;
    using Collab = std::shared_ptr<const std::vector<core::moe::Coactivation>>;
    // routingCounts: collab holds an assay-run coactivation result's counts (C = MᵀM of the
    // routing), not a precomputed collaboration matrix.
    void onLoaded(Trace trace, Collab collab, ViewInput info, bool routingCounts = false);

    JobRunner& m_runner;
    Trace m_trace;
    Collab m_collab;
    bool m_countsOfRouting = false;  // m_collab holds an assay-run coactivation result's counts
    Shape m_shape;
    std::shared_ptr<const core::moe::ExpertsAnalysis> m_analysis;
    int m_generation = 0;
    std::vector<core::moe::Point> m_positions;
    int m_layoutLayer = -1;
    JobId m_layoutJob = 0;  // the running layout, whose partial positions are shown
    int m_layoutJobLayer = -1;
};

}  // namespace assay::views
