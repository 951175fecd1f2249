#include "views/probes/probes_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <algorithm>

#include "assay/core/error.h"
#include "assay/demo/probes_demo.h"
#include "assay/probes/steering.h"

namespace assay::views {

namespace probes = core::probes;

struct ProbesController::Loaded {
    std::shared_ptr<const probes::ProbesDemo> demo;
    std::shared_ptr<const ProbesData> data;
    std::vector<std::pair<std::string, std::string>> hashes;
};

namespace {

// The inputs beside the states (read on the worker, hashed for provenance). The demo's own
// second model, pairs and captions stand in where nothing is given.
void readInputs(ProbesData& d, const ProbesInputs& in, const probes::ProbesDemo* demo,
                std::vector<std::pair<std::string, std::string>>& hashes, core::JobContext& job,
                const std::shared_ptr<const probes::ProbesDemo>& owner) {
    auto hash = [&](const QString& p) {
        for (auto& h : hashInputOnWorker(p.toStdString(), job)) hashes.push_back(h);
    };
    if (!in.second.isEmpty()) {
        d.second = std::make_shared<const probes::ProbeDataset>(
            probes::ProbeDataset::open(in.second.toStdString()));
        d.secondName = QFileInfo(in.second).fileName();
        hash(in.second);
    } else if (demo) {
        d.second = std::shared_ptr<const probes::ProbeDataset>(owner, &demo->secondStates());
        d.secondName = QObject::tr("demo model B");
    }
    if (demo)
        for (const probes::PreferencePairs& p : demo->preference())
            d.pairs.push_back(std::shared_ptr<const probes::PreferencePairs>(owner, &p));
    for (const QString& p : in.pairs) {
        d.pairs.push_back(std::make_shared<const probes::PreferencePairs>(
            probes::PreferencePairs::open(p.toStdString())));
        hash(p);
    }
    if (!in.captions.isEmpty()) {
        d.captions = std::make_shared<const probes::CaptionSet>(
            probes::CaptionSet::open(in.captions.toStdString(), in.captionStates.toStdString()));
        hash(in.captions);
        hash(in.captionStates);
    } else if (demo) {
        d.captions = std::shared_ptr<const probes::CaptionSet>(owner, &demo->captions());
    }
    if (!in.probe.isEmpty()) {
        d.imported = std::make_shared<const probes::ProbeFile>(
            probes::readProbeFile(in.probe.toStdString()));
        d.importedName = QFileInfo(in.probe).fileName();
        hash(in.probe);
    }
}

}  // namespace

ProbesController::ProbesController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {}

ProbesController::~ProbesController() = default;

void ProbesController::submitLoad(std::function<Loaded(core::JobContext&)> work, ViewInput info,
                                  const QString& title) {
    m_runner.submit(
        QStringLiteral("probes-load"), this, std::move(work),
        [this, info](Loaded l) mutable {
            for (auto& h : l.hashes) info.hashes.push_back(std::move(h));
            m_demo = l.demo ? l.demo : m_demo;
            m_data = std::move(l.data);
            m_analysis.reset();
            m_importedSteering.reset();
            m_trainedProbe.reset();
            m_transfer.reset();
            m_transferError.clear();
            m_preference.reset();
            m_preferenceError.clear();
            m_captions.reset();
            m_captionError.clear();
            m_captionLayer = -1;
            ++m_generation;
            const probes::ProbeDataset& s = *m_data->states;
            const std::vector<std::uint8_t>& labels = s.labels();
            const long long halluc = std::count(labels.begin(), labels.end(), std::uint8_t(1));
            QStringList parts;
            parts << tr("%1 · %2 items (%3 hallucinated) · %4 layers · d = %5")
                         .arg(m_data->name)
                         .arg(s.items())
                         .arg(halluc)
                         .arg(s.layerCount())
                         .arg(s.width());
            if (m_data->second)
                parts << tr("second model %1 (d = %2)")
                             .arg(m_data->secondName)
                             .arg(m_data->second->width());
            if (!m_data->pairs.empty())
                parts << tr("%1 preference set(s)").arg(m_data->pairs.size());
            if (m_data->captions)
                parts << tr("%1 caption(s)").arg(m_data->captions->captions().size());
            if (m_data->imported) parts << tr("imported probe %1").arg(m_data->importedName);
            info.summary = parts.join(QStringLiteral(" · "));
            const std::vector<int> layers = s.layers();
            info.ranges.insert(QStringLiteral("layer"), {-1, double(layers.back())});
            std::int64_t rank = std::min<std::int64_t>(s.width(), s.items() / 2);
            if (m_data->second) rank = std::min(rank, m_data->second->width());
            info.ranges.insert(QStringLiteral("rank"),
                               {1, double(std::max<std::int64_t>(1, rank))});
            const int captions = m_data->captions ? int(m_data->captions->captions().size()) : 1;
            info.ranges.insert(QStringLiteral("caption"), {0, double(std::max(0, captions - 1))});
            emit inputLoaded(info);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, title);
}

void ProbesController::loadDemo(const ProbesInputs& inputs) {
    ViewInput info;
    info.demo = true;
    const probes::ProbesDemoSpec spec;
    info.hashes = {
        {"demo", "probes demo: two residual MLPs trained from seed " + std::to_string(spec.seed)}};
    auto demo = m_demo;
    submitLoad(
        [demo, inputs, spec](core::JobContext& job) {
            Loaded l;
            l.demo = demo;
            if (!l.demo) {
                job.stage("training the probes demo networks");
                l.demo = std::make_shared<const probes::ProbesDemo>(
                    probes::ProbesDemo::train(spec, job));
            }
            auto d = std::make_shared<ProbesData>();
            d->demo = true;
            d->name = tr("demo model A");
            // The demo's datasets live in the demo object: share its lifetime.
            d->states = std::shared_ptr<const probes::ProbeDataset>(l.demo, &l.demo->states());
            readInputs(*d, inputs, l.demo.get(), l.hashes, job, l.demo);
            l.data = std::move(d);
            return l;
        },
        std::move(info), tr("Training the probes demo"));
}

void ProbesController::loadStates(const QString& path, const ProbesInputs& inputs) {
    ViewInput info;
    info.path = QFileInfo(path).absoluteFilePath();
    submitLoad(
        [path, inputs](core::JobContext& job) {
            Loaded l;
            auto d = std::make_shared<ProbesData>();
            d->name = QFileInfo(path).fileName();
            d->states = std::make_shared<const probes::ProbeDataset>(
                probes::ProbeDataset::open(path.toStdString()));
            l.hashes = hashInputOnWorker(path.toStdString(), job);
            readInputs(*d, inputs, nullptr, l.hashes, job, nullptr);
            l.data = std::move(d);
            return l;
        },
        std::move(info), tr("Reading the hidden states"));
}

void ProbesController::analyse(const probes::ProbesRequest& request,
                               const probes::TransferRequest& transfer,
                               const probes::PreferenceRequest& preference) {
    if (!m_data) return;
    const auto data = m_data;
    const int generation = m_generation;
    const int analysisGeneration = ++m_analysisGeneration;
    struct Result {
        std::shared_ptr<const probes::ProbesAnalysis> analysis;
        std::shared_ptr<const probes::ProbeFile> probe;
        std::shared_ptr<const probes::SteeringSweep> imported;
        qint64 ms = 0;
    };
    m_runner.submit(
        QStringLiteral("probes-analysis"), this,
        [data, request](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            Result r;
            auto a = std::make_shared<probes::ProbesAnalysis>(
                probes::analyseProbes(*data->states, request, job));
            r.probe = std::make_shared<const probes::ProbeFile>(probes::toProbeFile(*a));
            if (data->imported) {
                // The imported probe steers this data's held-out rows, layer by layer.
                job.stage("steering with the imported probe");
                auto sweep = std::make_shared<probes::SteeringSweep>();
                sweep->alpha = a->alpha;
                const std::vector<int> layers = data->states->layers();
                for (std::size_t i = 0; i < layers.size(); ++i) {
                    const int p = data->imported->position(layers[i]);
                    if (p < 0) continue;
                    const probes::RowView held =
                        probes::rowsOf(data->states->layer(int(i)), a->training.split.test);
                    sweep->layers.push_back(probes::steerLayer(held, a->training.testLabels,
                                                               *data->imported, p, a->alpha,
                                                               request.steering));
                    sweep->layers.back().layer = layers[i];
                }
                r.imported = std::move(sweep);
            }
            r.analysis = std::move(a);
            r.ms = timer.elapsed();
            return r;
        },
        [this, generation, analysisGeneration](Result r) {
            if (generation != m_generation || analysisGeneration != m_analysisGeneration) return;
            m_analysis = std::move(r.analysis);
            m_trainedProbe = std::move(r.probe);
            m_importedSteering = std::move(r.imported);
            m_captionLayer = -1;  // the probe changed: score again
            emit analysisReady(r.ms);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, tr("Training the probes"));

    m_transfer.reset();
    m_transferError.clear();
    if (data->second) {
        const probes::ProbeRequest probeRequest = request.probe;
        m_runner.submit(
            QStringLiteral("probes-transfer"), this,
            [data, probeRequest, transfer](core::JobContext& job) {
                auto t = std::make_shared<ProbesTransfer>();
                job.stage("probes of the second model");
                probes::ProbeRequest second = probeRequest;
                second.layers.clear();
                t->second = probes::trainProbes(*data->second, second, job);
                job.stage("ComnHallu transfer, first → second");
                t->forward = probes::transferProbes(*data->states, *data->second, transfer, job);
                job.stage("ComnHallu transfer, second → first");
                t->backward = probes::transferProbes(*data->second, *data->states, transfer, job);
                return std::shared_ptr<const ProbesTransfer>(std::move(t));
            },
            [this, generation, analysisGeneration](std::shared_ptr<const ProbesTransfer> t) {
                if (generation != m_generation || analysisGeneration != m_analysisGeneration)
                    return;
                m_transfer = std::move(t);
                emit transferReady();
            },
            [this, generation](const QString& m) {
                if (generation != m_generation) return;
                m_transferError = m;  // said in the figures, not as a popup
                emit transferReady();
            },
            Lane::Device, tr("Probes: cross-model transfer"));
    }
    m_preference.reset();
    m_preferenceError.clear();
    if (!data->pairs.empty()) {
        m_runner.submit(
            QStringLiteral("probes-preference"), this,
            [data, preference](core::JobContext& job) {
                std::vector<const probes::PreferencePairs*> sets;
                for (const auto& p : data->pairs) sets.push_back(p.get());
                return std::make_shared<const probes::PreferenceResult>(
                    probes::preferenceSeparability(sets, preference, job));
            },
            [this, generation,
             analysisGeneration](std::shared_ptr<const probes::PreferenceResult> p) {
                if (generation != m_generation || analysisGeneration != m_analysisGeneration)
                    return;
                m_preference = std::move(p);
                emit preferenceReady();
            },
            [this, generation](const QString& m) {
                if (generation != m_generation) return;
                m_preferenceError = m;
                emit preferenceReady();
            },
            Lane::Device, tr("Probes: preference separability"));
    }
}

std::shared_ptr<const probes::ProbeFile> ProbesController::probeFile() const {
    if (m_data && m_data->imported) return m_data->imported;
    return m_trainedProbe;
}

void ProbesController::scoreCaptions(int layer) {
    if (!m_data || !m_data->captions) return;
    const auto probe = probeFile();
    if (!probe || layer == m_captionLayer) return;
    m_captionLayer = layer;
    m_captions.reset();
    m_captionError.clear();
    const auto data = m_data;
    const int generation = m_generation;
    m_runner.submit(
        QStringLiteral("probes-captions"), this,
        [data, probe, layer](core::JobContext&) {
            return std::make_shared<const probes::CaptionScores>(
                probes::scoreCaptions(*data->captions, *probe, layer));
        },
        [this, generation, layer](std::shared_ptr<const probes::CaptionScores> s) {
            if (generation != m_generation || layer != m_captionLayer) return;
            m_captions = std::move(s);
            emit captionsReady();
        },
        [this, generation, layer](const QString& m) {
            if (generation != m_generation || layer != m_captionLayer) return;
            m_captionError = m;
            emit captionsReady();
        },
        Lane::Device, tr("Probes: scoring the captions"));
}

}  // namespace assay::views
