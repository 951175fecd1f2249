#include "views/calibration/calibration_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/demo/calibration_demo.h"

namespace assay::views {

namespace cf = core::conformal;

namespace {

struct Computed {
    std::shared_ptr<const cf::CalibrationReport> report;
    QMap<QString, QString> provenance;
    qint64 ms = 0;
    std::string error;  // a core::Error: reported once by the controller, not as a failed job too
};

// Loading result, or the error that stopped it.
struct Loaded {
    std::shared_ptr<const cf::CalibrationInput> input;
    std::vector<std::pair<std::string, std::string>> hashes;
    std::string error;
};

// The figure's parameters as assay-run's JSON spells them: groups by name, the role map as role=name.
nlohmann::json settingsJson(const CalibrationSettings& s, const cf::CalibrationInput& input, const cf::RoleMap& roles) {
    const auto& p = s.params;
    const auto& names = input.generic ? input.scores.groupNames : input.choice.groupNames;
    auto group = [&](int g) -> std::string {
        return g < 0 ? "all" : static_cast<std::size_t>(g) < names.size() ? names[g] : std::to_string(g);
    };
    nlohmann::json map = nlohmann::json::array();
    for (const auto& [role, name] : roles) map.push_back(role + "=" + name);
    nlohmann::json j = {{"alpha", p.alpha}, {"delta", p.delta}, {"repetitions", p.repetitions}, {"cal_fraction", p.calFraction},
                        {"cal_group", group(p.calGroup)}, {"test_group", group(p.testGroup)}, {"map", map}};
    if (input.generic) {
        j["statistic"] = "score";  // generic data: its own scores and statistic, no weights
    } else {
        j["weights"] = {s.weights.logit, s.weights.freq};
        j["statistic"] = cf::statisticName(s.statistic);
    }
    return j;
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
    m_roles.clear();
    m_roleMap.clear();
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
            Loaded l;
            try {
                ctx.stage("reading");
                l.input = std::make_shared<const cf::CalibrationInput>(cf::loadCalibrationInput(file, map));
                ctx.stage("hashing");  // once per file, for the provenance of every figure made from it
                l.hashes = core::makeProvenance("calibration", {file}, {}, 0).inputs;
            } catch (const core::Error& e) {
                l.error = e.what();
            }
            return l;
        },
        [this, path, roles, map](Loaded loaded) {
            if (!loaded.error.empty()) return reportError(QString::fromStdString(loaded.error));
            m_input = std::move(loaded.input);
            m_inputHashes = std::move(loaded.hashes);
            m_isDemo = false;
            m_path = path;
            m_roles = roles;
            m_roleMap = map;
            emit logMessage("info", tr("Loaded %1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(m_input->summary)));
            emit dataLoaded();
            recompute();
        },
        [this](const QString&) {},  // not a core::Error: the runner's own "Failed" entry reports it
        Lane::Io, tr("Reading calibration data")));
}

void CalibrationController::reportError(const QString& message) {
    // One entry in the window's log: errorOccurred is logged by the window (and collected by
    // assay render); the job itself ends normally, so the runner adds no "Failed" entry.
    emit errorOccurred(message);
}

QString CalibrationController::summary() const {
    return m_input ? QString::fromStdString(m_input->summary) : QString();
}

bool CalibrationSettings::operator==(const CalibrationSettings& o) const {
    const auto& a = params;
    const auto& b = o.params;
    return a.alpha == b.alpha && a.delta == b.delta && a.repetitions == b.repetitions &&
           a.calFraction == b.calFraction && a.seed == b.seed && a.calGroup == b.calGroup &&
           a.testGroup == b.testGroup && a.alphaGrid == b.alphaGrid && weights.logit == o.weights.logit &&
           weights.freq == o.weights.freq && statistic == o.statistic;
}

bool CalibrationController::setSettings(const CalibrationSettings& settings) {
    if (m_report && settings == m_settings) return false;
    m_settings = settings;
    recompute();
    return true;
}

void CalibrationController::recompute() {
    if (!m_input) return;
    const auto input = m_input;
    const CalibrationSettings s = m_settings;
    const Inputs hashes = m_inputHashes;
    const cf::RoleMap roles = m_roleMap;
    track(m_runner.submit(
        QStringLiteral("calibration"), this,
        [input, s, hashes, roles](core::JobContext& ctx) {
            QElapsedTimer timer;
            timer.start();
            Computed c;
            cf::ScoredItems items;
            try {
                items = cf::scoreInput(*input, s.weights, input->generic ? cf::Statistic::Score : s.statistic);
                c.report = std::make_shared<const cf::CalibrationReport>(cf::analyzeCalibration(items, s.params, ctx));
            } catch (const core::Error& e) {  // a cancel (JobCancelled) is no core::Error: it passes
                c.error = e.what();
                return c;
            }
            auto prov = core::makeProvenance("calibration", {}, settingsJson(s, *input, roles), s.params.seed);
            prov.inputs = hashes;
            for (const auto& [k, v] : prov.toText()) c.provenance.insert(QString::fromStdString(k), QString::fromStdString(v));
            c.ms = timer.elapsed();
            return c;
        },
        [this, s](Computed c) {
            if (!c.error.empty()) return reportError(QString::fromStdString(c.error));
            m_report = std::move(c.report);
            m_provenance = std::move(c.provenance);
            emit logMessage("info", tr("Calibration: α = %1, δ = %2, %3 splits, statistic %4 — %5 ms")
                                        .arg(s.params.alpha).arg(s.params.delta).arg(s.params.repetitions)
                                        .arg(cf::statisticName(s.statistic)).arg(c.ms));
            emit resultReady();
        },
        [this](const QString&) {},
        Lane::Device, tr("Calibration analysis")));
}

}  // namespace assay::views
