#include "views/calibration/calibration_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "assay/core/provenance.h"
#include "assay/demo/calibration_demo.h"

namespace assay::views {

namespace cf = core::conformal;

namespace {

struct Computed {
    std::shared_ptr<const cf::CalibrationReport> report;
    QMap<QString, QString> provenance;
    qint64 ms = 0;
};

nlohmann::json settingsJson(const CalibrationSettings& s) {
    const auto& p = s.params;
    return {{"alpha", p.alpha}, {"delta", p.delta}, {"repetitions", p.repetitions}, {"cal_fraction", p.calFraction},
            {"cal_group", p.calGroup}, {"test_group", p.testGroup},
            {"weights", {s.weights.logit, s.weights.freq}}, {"statistic", cf::statisticName(s.statistic)}};
}

}  // namespace

CalibrationController::CalibrationController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {
    connect(&runner, &JobRunner::jobFinished, this, &CalibrationController::onJobEnded);
    connect(&runner, &JobRunner::jobCancelled, this, &CalibrationController::onJobEnded);
    connect(&runner, &JobRunner::jobFailed, this, [this](JobId id, const QString&) { onJobEnded(id); });
}

QStringList CalibrationController::groupNames() const {
    QStringList names;
    if (!m_input) return names;
    for (const auto& g : m_input->generic ? m_input->scores.groupNames : m_input->choice.groupNames)
        names << QString::fromStdString(g);
    return names;
}

bool CalibrationController::hasFrequencies() const { return m_input && !m_input->generic && !m_input->choice.freq.empty(); }
bool CalibrationController::hasProbabilities() const { return m_input && !m_input->generic && !m_input->choice.prob.empty(); }

void CalibrationController::track(JobId id) {
    const bool wasBusy = isBusy();
    m_jobs.insert(id);
    if (!wasBusy) emit busyChanged(true);
}

void CalibrationController::onJobEnded(JobId id) {
    if (!m_jobs.remove(id)) return;
    if (!isBusy()) emit busyChanged(false);
}

void CalibrationController::loadDemo() {
    auto input = std::make_shared<cf::CalibrationInput>();
    input->choice = core::demo::makeCalibrationDemo();
    input->summary = "demo: 2400 questions × 4 options, 4 domains (Law shifted)";
    m_input = input;
    m_isDemo = true;
    m_path.clear();
    m_inputHashes = {{"demo", "generated from seed 10"}};
    emit logMessage("info", tr("Opened the demo (simulated multiple-choice LLM, seed 10)"));
    emit dataLoaded();
    recompute();
}

void CalibrationController::loadFile(const QString& path, const QVariantMap& roles) {
    cf::RoleMap map;
    for (auto it = roles.begin(); it != roles.end(); ++it) map[it.key().toStdString()] = it.value().toString().toStdString();
    const std::string file = path.toStdString();
    emit logMessage("info", tr("Opening %1").arg(path));
    track(m_runner.submit(
        QStringLiteral("calibration-load"), this,
        [file, map](core::JobContext& ctx) {
            ctx.stage("reading");
            auto input = std::make_shared<const cf::CalibrationInput>(cf::loadCalibrationInput(file, map));
            ctx.stage("hashing");  // once per file, for the provenance of every figure made from it
            return std::make_pair(input, core::makeProvenance("calibration", {file}, {}, 0).inputs);
        },
        [this, path, roles](std::pair<std::shared_ptr<const cf::CalibrationInput>, Inputs> loaded) {
            m_input = std::move(loaded.first);
            m_inputHashes = std::move(loaded.second);
            m_isDemo = false;
            m_path = path;
            m_roles = roles;
            emit logMessage("info", tr("Loaded %1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(m_input->summary)));
            emit dataLoaded();
            recompute();
        },
        [this](const QString& message) {
            emit logMessage("error", message);
            emit errorOccurred(message);
        },
        Lane::Io, tr("Reading calibration data")));
}

void CalibrationController::setSettings(const CalibrationSettings& settings) {
    m_settings = settings;
    recompute();
}

void CalibrationController::recompute() {
    if (!m_input) return;
    const auto input = m_input;
    const CalibrationSettings s = m_settings;
    const Inputs hashes = m_inputHashes;
    track(m_runner.submit(
        QStringLiteral("calibration"), this,
        [input, s, hashes](core::JobContext& ctx) {
            QElapsedTimer timer;
            timer.start();
            const cf::ScoredItems items = cf::scoreInput(*input, s.weights, input->generic ? cf::Statistic::Score : s.statistic);
            Computed c;
            c.report = std::make_shared<const cf::CalibrationReport>(cf::analyzeCalibration(items, s.params, ctx));
            auto prov = core::makeProvenance("calibration", {}, settingsJson(s), s.params.seed);
            prov.inputs = hashes;
            for (const auto& [k, v] : prov.toText()) c.provenance.insert(QString::fromStdString(k), QString::fromStdString(v));
            c.ms = timer.elapsed();
            return c;
        },
        [this, s](Computed c) {
            m_report = std::move(c.report);
            m_provenance = std::move(c.provenance);
            emit logMessage("info", tr("Calibration: α = %1, δ = %2, %3 splits, statistic %4 — %5 ms")
                                        .arg(s.params.alpha).arg(s.params.delta).arg(s.params.repetitions)
                                        .arg(cf::statisticName(s.statistic)).arg(c.ms));
            emit resultReady();
        },
        [this](const QString& message) {
            emit logMessage("error", message);
            emit errorOccurred(message);
        },
        Lane::Device, tr("Calibration analysis")));
}

}  // namespace assay::views
