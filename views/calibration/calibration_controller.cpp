#include "views/calibration/calibration_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "assay/core/error.h"
#include "assay/demo/calibration_demo.h"
#include "views/calibration/calibration_settings.h"
#include "views/common/job_runner.h"

namespace assay::views {

namespace cf = core::conformal;

namespace {

struct Loaded {
    std::shared_ptr<const cf::CalibrationInput> input;
    std::vector<std::pair<std::string, std::string>> hashes;
};

struct Computed {
    std::shared_ptr<const cf::CalibrationReport> report;
    qint64 ms = 0;
};

}  // namespace

CalibrationController::CalibrationController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {}

QStringList CalibrationController::groupNames() const {
    QStringList names;
    if (!m_input) return names;
    for (const auto& g : m_input->generic ? m_input->scores.groupNames : m_input->choice.groupNames)
        names << QString::fromStdString(g);
    return names;
}

bool CalibrationController::hasFrequencies() const {
    return m_input && !m_input->generic && !m_input->choice.freq.empty();
}
bool CalibrationController::hasProbabilities() const {
    return m_input && !m_input->generic && !m_input->choice.prob.empty();
}

void CalibrationController::loadDemo() {
    auto input = std::make_shared<cf::CalibrationInput>();
    input->choice = core::demo::makeCalibrationDemo();
    input->summary = "demo: 2400 questions × 4 options, 4 domains (Law shifted)";
    ViewInput info;
    info.demo = true;
    info.hashes = {{"demo", "generated from seed 10"}};
    onLoaded(std::move(input), std::move(info));
}

void CalibrationController::loadFile(const QString& path, const cf::RoleMap& roles) {
    const std::string file = path.toStdString();
    m_runner.submit(
        QStringLiteral("calibration-load"), this,
        [file, roles](core::JobContext& ctx) {
            Loaded l;
            ctx.stage("reading");
            l.input =
                std::make_shared<const cf::CalibrationInput>(cf::loadCalibrationInput(file, roles));
            l.hashes = hashInputOnWorker(file, ctx);
            return l;
        },
        [this, path](Loaded loaded) {
            ViewInput info;
            info.path = path;
            info.hashes = std::move(loaded.hashes);
            onLoaded(std::move(loaded.input), std::move(info));
        },
        [this](const QString& message) { emit failed(message); }, Lane::Io,
        tr("Reading calibration data"));
}

void CalibrationController::onLoaded(std::shared_ptr<const cf::CalibrationInput> input,
                                     ViewInput info) {
    m_input = std::move(input);
    info.summary = QString::fromStdString(m_input->summary);
    const QStringList groups = groupNames();
    info.groups.insert(QLatin1String(calibration::kCalGroup.key), groups);
    info.groups.insert(QLatin1String(calibration::kTestGroup.key), groups);
    emit inputLoaded(info);
}

void CalibrationController::analyse(const CalibrationSettings& settings) {
    if (!m_input) return;
    const auto input = m_input;
    const CalibrationSettings s = settings;
    m_runner.submit(
        QStringLiteral("calibration"), this,
        [input, s](core::JobContext& ctx) {
            QElapsedTimer timer;
            timer.start();
            const cf::ScoredItems items = cf::scoreInput(
                *input, s.weights, input->generic ? cf::Statistic::Score : s.statistic);
            Computed c;
            c.report = std::make_shared<const cf::CalibrationReport>(
                cf::analyzeCalibration(items, s.params, ctx));
            c.ms = timer.elapsed();
            return c;
        },
        [this, s](Computed c) {
            m_report = std::move(c.report);
            m_settings = s;
            emit resultReady(c.ms);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Calibration analysis"));
}

}  // namespace assay::views
