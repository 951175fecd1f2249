#include "views/inversion/inversion_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "views/common/job_runner.h"

namespace assay::views {

namespace ex = core::explain;

namespace {

struct Computed {
    std::shared_ptr<const InversionController::Analyses> analyses;
    qint64 ms = 0;
};

// Part `part` of `parts` of the parent job: its progress maps onto the parent's (which is also
// where a cancel of the parent throws), its stages are named with the domain.
class PartOfJob : public core::JobContext {
public:
    PartOfJob(core::JobContext& parent, int part, int parts, std::string name)
        : m_parent(parent), m_part(part), m_parts(parts), m_name(std::move(name)) {}

protected:
    void onProgress(std::int64_t done, std::int64_t total) override {
        constexpr std::int64_t kScale = 1000;
        const std::int64_t within = total > 0 ? done * kScale / total : 0;
        m_parent.progress(m_part * kScale + within, m_parts * kScale);
    }
    void onStage(std::string_view name) override {
        m_parent.stage(m_name + ": " + std::string(name));
    }

private:
    core::JobContext& m_parent;
    int m_part, m_parts;
    std::string m_name;
};

}  // namespace

InversionController::InversionController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner), m_analyser(&ex::analyseInversion) {}

const ex::InversionAnalysis* InversionController::analysis(ex::Domain domain) const {
    if (!m_analyses) return nullptr;
    return &(*m_analyses)[std::size_t(domain)];
}

void InversionController::loadDemo(std::uint64_t seed) {
    m_result.reset();
    ViewInput info;
    info.demo = true;
    info.hashes = {{"demo", "synthetic sets and models generated from seed " +
                                std::to_string(seed) + " (the seed setting)"}};
    info.summary = tr("built-in synthetic sets (tabular, image, text) with a spurious cue");
    emit inputLoaded(info);
}

void InversionController::loadResult(const QString& path) {
    struct Loaded {
        std::shared_ptr<const inversion::ExplainResult> result;
        std::vector<std::pair<std::string, std::string>> hashes;
    };
    m_runner.submit(
        QStringLiteral("inversion-load"), this,
        [path](core::JobContext& job) {
            Loaded l;
            l.result = std::make_shared<const inversion::ExplainResult>(
                inversion::readExplainResult(path));
            l.hashes = hashInputOnWorker(path.toStdString(), job);
            return l;
        },
        [this, path](Loaded l) {
            m_result = std::move(l.result);
            ViewInput info;
            info.path = QFileInfo(path).absoluteFilePath();
            info.hashes = std::move(l.hashes);
            info.summary = tr("%1 attributions of %2 rows × %3 features")
                               .arg(m_result->method)
                               .arg(m_result->rows)
                               .arg(m_result->M);
            info.ranges.insert(QStringLiteral("item"), {0.0, double(m_result->rows - 1)});
            emit inputLoaded(info);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Io,
        tr("Reading the explanation"));
}

void InversionController::analyse(const ex::InversionRequest& request) {
    const Analyser analyser = m_analyser;
    m_runner.submit(
        QStringLiteral("inversion"), this,
        [analyser, request](core::JobContext& ctx) {
            QElapsedTimer timer;
            timer.start();
            auto analyses = std::make_shared<Analyses>();
            const ex::Domain domains[] = {ex::Domain::Tabular, ex::Domain::Image, ex::Domain::Text};
            for (int d = 0; d < 3; ++d) {
                ex::InversionRequest r = request;
                r.domain = domains[d];
                PartOfJob part(ctx, d, 3, d == 0 ? "tabular" : d == 1 ? "image" : "text");
                (*analyses)[std::size_t(d)] = analyser(r, part);
            }
            Computed c;
            c.analyses = std::move(analyses);
            c.ms = timer.elapsed();
            return c;
        },
        [this](Computed c) {
            m_analyses = std::move(c.analyses);
            emit resultReady(c.ms);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Inversion analysis"));
}

}  // namespace assay::views
