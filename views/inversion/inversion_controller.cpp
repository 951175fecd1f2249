#include "views/inversion/inversion_controller.h"

#include <QElapsedTimer>

#include "views/common/job_runner.h"

namespace assay::views {

namespace ex = core::explain;

namespace {

struct Computed {
    std::shared_ptr<const ex::InversionAnalysis> analysis;
    qint64 ms = 0;
};

}  // namespace

InversionController::InversionController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner), m_analyser(&ex::analyseInversion) {}

void InversionController::loadDemo(std::uint64_t seed) {
    ViewInput info;
    info.demo = true;
    info.hashes = {{"demo", "synthetic sets and models generated from seed " +
                                std::to_string(seed) + " (the seed setting)"}};
    info.summary = tr("built-in synthetic sets (tabular, image, text) with a spurious cue");
    emit inputLoaded(info);
}

void InversionController::analyse(const ex::InversionRequest& request) {
    const Analyser analyser = m_analyser;
    m_runner.submit(
        QStringLiteral("inversion"), this,
        [analyser, request](core::JobContext& ctx) {
            QElapsedTimer timer;
            timer.start();
            Computed c;
            c.analysis = std::make_shared<const ex::InversionAnalysis>(analyser(request, ctx));
            c.ms = timer.elapsed();
            return c;
        },
        [this](Computed c) {
            m_analysis = std::move(c.analysis);
            emit resultReady(c.ms);
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Inversion analysis"));
}

}  // namespace assay::views
