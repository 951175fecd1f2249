#pragma once
// Turns Experts view actions into core calls on the job runner. Three jobs, each tagged so a
// newer request supersedes an older one: loading (the demo trains a small MoE for a few seconds,
// or a trace file is read), the analysis (co-activation, statistics, C2R, placement), and the
// graph layout of the shown layer.
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "assay/moe/coactivation.h"
#include "assay/moe/experts_analysis.h"
#include "assay/moe/graph_layout.h"
#include "views/common/job_runner.h"

namespace assay::views {

enum class ExpertsLayout { Circular, Force, Grouped };

class ExpertsController : public QObject {
    Q_OBJECT
public:
    explicit ExpertsController(JobRunner& runner, QObject* parent = nullptr);

    void loadDemo();
    void loadFile(const QString& path);
    void setParams(const core::moe::ExpertsParams& params);  // recomputes when it differs
    void setLayout(int layer, ExpertsLayout layout);          // recomputes the positions

    // What was loaded: a routing trace, or collaboration matrices alone (no C2R, no domains).
    struct Shape {
        int layers = 0, experts = 0, topK = 0;
        bool domains = false, logits = false;
        QString summary;
    };
    const Shape& shape() const { return m_shape; }
    bool hasData() const { return m_trace != nullptr || m_collab != nullptr; }
    bool isDemo() const { return m_isDemo; }
    QString inputPath() const { return m_path; }
    const core::moe::RoutingTrace* trace() const { return m_trace.get(); }
    const core::moe::ExpertsAnalysis* analysis() const { return m_analysis.get(); }
    const core::moe::ExpertsParams& params() const { return m_params; }
    // Counts the analyses delivered: a new value means new results to draw.
    int analysisGeneration() const { return m_generation; }
    // Positions of the shown layer's experts (empty until the first layout).
    const std::vector<core::moe::Point>& positions() const { return m_positions; }
    int layoutLayer() const { return m_layoutLayer; }
    bool isBusy() const { return !m_jobs.isEmpty(); }

signals:
    void traceLoaded();
    void analysisReady();
    void layoutReady();
    void errorOccurred(const QString& message);
    void logMessage(const QString& level, const QString& text);
    void busyChanged(bool busy);

private:
    void recompute();
    void relayout();
    void track(JobId id);
    void onJobEnded(JobId id);
    void fail(const QString& message);
    void setTrace(std::shared_ptr<const core::moe::RoutingTrace> trace);
    void setCollaboration(std::shared_ptr<const std::vector<core::moe::Coactivation>> layers);

    JobRunner& m_runner;
    std::shared_ptr<const core::moe::RoutingTrace> m_trace;
    std::shared_ptr<const std::vector<core::moe::Coactivation>> m_collab;
    Shape m_shape;
    std::shared_ptr<const core::moe::ExpertsAnalysis> m_analysis;
    core::moe::ExpertsParams m_params;
    std::vector<core::moe::Point> m_positions;
    int m_layer = 0, m_layoutLayer = -1;
    int m_generation = 0;
    ExpertsLayout m_layout = ExpertsLayout::Force;
    bool m_isDemo = false;
    QString m_path;
    QSet<JobId> m_jobs;
};

}  // namespace assay::views
