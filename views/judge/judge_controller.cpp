#include "views/judge/judge_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <any>

#include "assay/demo/judge_demo.h"
#include "assay/judge/votes.h"
#include "views/common/job_runner.h"

namespace assay::views {

namespace jd = core::judge;

namespace {

struct Loaded {
    std::shared_ptr<const jd::JudgeInput> input;
    std::vector<std::pair<std::string, std::string>> hashes;
    QString summary;
};

struct Computed {
    std::shared_ptr<const jd::JudgeAnalysis> analysis;
    jd::JudgeAnalysisOptions options;
    qint64 ms = 0;
};

}  // namespace

QStringList JudgeController::sourceNames() const {
    QStringList names;
    if (m_input)
        for (const jd::SourceFit& s : m_input->sources) names << QString::fromStdString(s.name);
    return names;
}

JudgeController::JudgeController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {
    connect(&runner, &JobRunner::partialReady, this, [this](JobId id, const std::any& partial) {
        const auto* a = std::any_cast<std::shared_ptr<const jd::JudgeAnalysis>>(&partial);
        if (id != m_job || !a) return;
        m_analysis = *a;
        m_options = m_pending;
        emit resultReady(-1, true);
    });
}

void JudgeController::loadDemo() {
    m_runner.submit(
        QStringLiteral("judge-load"), this,
        [](core::JobContext&) {
            const core::demo::JudgeDemoSpec spec;
            const core::demo::JudgeDemo demo = core::demo::makeJudgeDemo(spec);
            auto input = std::make_shared<jd::JudgeInput>();
            input->n = demo.judges;
            input->counts = demo.target.counts;
            input->trueAccuracy = demo.target.trueAccuracy;
            input->targetMean =
                jd::meanEmbedding(demo.target.embeddings, static_cast<std::size_t>(demo.dim));
            input->sources = core::demo::fitJudgeDemoSources(demo);
            Loaded l;
            const std::size_t sources = input->sources.size();
            l.input = std::move(input);
            l.hashes = {{"demo", "simulated judge ensemble and sources from seed " +
                                     std::to_string(spec.seed)}};
            l.summary = tr("simulated ensemble of %1 judges on %2 samples, %3 fitted sources")
                            .arg(demo.judges)
                            .arg(demo.target.counts.size())
                            .arg(sources);
            return l;
        },
        [this](Loaded l) {
            m_input = std::move(l.input);
            m_analysis.reset();
            ViewInput info;
            info.demo = true;
            info.hashes = std::move(l.hashes);
            info.summary = l.summary;
            info.groups.insert(QStringLiteral("source"), sourceNames());
            emit inputLoaded(info);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Io,
        tr("Simulating the demo"));
}

void JudgeController::loadFile(const QString& path, const QString& judges) {
    const std::string file = path.toStdString(), names = judges.trimmed().toStdString();
    m_runner.submit(
        QStringLiteral("judge-load"), this,
        [file, names](core::JobContext& job) {
            const jd::Votes v = jd::readVotes(
                file, names.empty() ? std::vector<std::string>{} : jd::parseJudgeList(names));
            auto input = std::make_shared<jd::JudgeInput>();
            input->n = v.n;
            input->counts = v.counts;
            Loaded l;
            l.input = std::move(input);
            l.hashes = hashInputOnWorker(file, job);
            l.summary =
                tr("%1 labelled samples × %2 judges%3")
                    .arg(v.counts.size())
                    .arg(v.n)
                    .arg(v.countsForm ? tr(" (x, n counts)")
                         : v.orderColumn.empty()
                             ? QString()
                             : tr(", sorted by %1").arg(QString::fromStdString(v.orderColumn)));
            return l;
        },
        [this, path](Loaded l) {
            m_input = std::move(l.input);
            m_analysis.reset();
            ViewInput info;
            info.path = QFileInfo(path).absoluteFilePath();
            info.hashes = std::move(l.hashes);
            info.summary = l.summary;
            info.groups.insert(QStringLiteral("source"), QStringList{});
            emit inputLoaded(info);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Io,
        tr("Reading the votes"));
}

void JudgeController::analyse(const jd::JudgeAnalysisOptions& options, bool reuseMargin) {
    if (!m_input) return;
    const std::shared_ptr<const jd::JudgeInput> input = m_input;
    // Held by the job so that the margin it points to outlives it.
    const std::shared_ptr<const jd::JudgeAnalysis> previous =
        reuseMargin && m_analysis && !m_analysis->margin.curves.empty()
            ? m_analysis
            : std::shared_ptr<const jd::JudgeAnalysis>();
    m_pending = options;
    m_job = m_runner.submit(
        QStringLiteral("judge"), this,
        [input, options, previous](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            jd::JudgeAnalysisOptions o = options;
            if (previous) o.reuseMargin = &previous->margin;
            Computed c;
            c.analysis =
                std::make_shared<const jd::JudgeAnalysis>(jd::analyseJudge(*input, o, job));
            c.options = options;
            c.ms = timer.elapsed();
            return c;
        },
        [this](Computed c) {
            m_job = 0;
            m_analysis = std::move(c.analysis);
            m_options = c.options;
            emit resultReady(c.ms, false);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Judge accuracy analysis"));
}

}  // namespace assay::views
