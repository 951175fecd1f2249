#include "views/windows/windows_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "assay/core/error.h"
#include "assay/demo/windows_demo.h"

namespace assay::views {

namespace tokens = core::tokens;

struct WindowsController::Loaded {
    std::shared_ptr<const tokens::WindowsDemo> demo;
    std::shared_ptr<const WindowsData> data;
    std::vector<std::pair<std::string, std::string>> hashes;
};

namespace {

// The demo encoder, trained on this worker when not yet there (the demo and photographs share it).
std::shared_ptr<const tokens::WindowsDemo> demoEncoder(
    std::shared_ptr<const tokens::WindowsDemo> demo, core::JobContext& job) {
    if (demo) return demo;
    job.stage("training the demo patch encoder");
    return std::make_shared<const tokens::WindowsDemo>(
        tokens::WindowsDemo::train(tokens::WindowsDemoSpec{}, job));
}

// The square under a grid of `grid` patches of 14 pixels (CLIP ViT-L/14), or of the demo's side.
tokens::PreparedImage underlay(const QString& path, tokens::GridSize grid,
                               tokens::Preprocess preprocess) {
    if (path.isEmpty()) return {};
    if (grid.rows != grid.cols)
        throw core::InputError(QFileInfo(path).fileName().toStdString(), "grid",
                               "the image lies under a square grid; the features' grid is " +
                                   tokens::gridSizeText(grid));
    return tokens::prepareImage(tokens::readImage(path.toStdString()), 14 * grid.cols, preprocess);
}

}  // namespace

WindowsController::WindowsController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {}

WindowsController::~WindowsController() = default;

void WindowsController::submitLoad(std::function<Loaded(core::JobContext&)> work, ViewInput info,
                                   const QString& title) {
    m_runner.submit(
        QStringLiteral("windows-load"), this, std::move(work),
        [this, info](Loaded l) mutable {
            if (!l.hashes.empty()) info.hashes = std::move(l.hashes);
            m_demo = l.demo ? l.demo : m_demo;
            m_data = std::move(l.data);
            m_analysis.reset();
            m_batch.reset();
            m_batchError.clear();
            ++m_generation;
            const tokens::PatchFeatures& f = *m_data->features;
            const tokens::GridSize g = f.grid();
            QString source;
            switch (m_data->source) {
                case WindowsData::Source::Demo:
                    source = tr("demo scenes");
                    break;
                case WindowsData::Source::Photograph:
                    source = tr("%1 (%2)").arg(QFileInfo(m_data->imagePath).fileName(),
                                               tr("features from the demo encoder, not CLIP"));
                    break;
                case WindowsData::Source::File:
                    source = QFileInfo(info.path).fileName();
                    break;
            }
            info.summary = tr("%1 · %2 image(s) · %3 × %4 patches · D = %5%6")
                               .arg(source)
                               .arg(f.images())
                               .arg(g.rows)
                               .arg(g.cols)
                               .arg(f.dim())
                               .arg(f.hasSecondSet() ? tr(" · features_b") : QString());
            info.ranges.insert(QStringLiteral("index"), {0, double(f.images() - 1)});
            info.ranges.insert(QStringLiteral("patch"), {-1, double(g.patches() - 1)});
            info.ranges.insert(QStringLiteral("out-grid"), {1, double(std::max(g.rows, g.cols))});
            emit inputLoaded(info);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, title);
}

void WindowsController::loadDemo() {
    ViewInput info;
    info.demo = true;
    const tokens::WindowsDemoSpec spec;
    info.hashes = {{"demo", "token windows demo: scenes and patch encoder from seed " +
                                std::to_string(spec.seed)}};
    auto demo = m_demo;
    submitLoad(
        [demo](core::JobContext& job) {
            Loaded l;
            l.demo = demoEncoder(demo, job);
            auto d = std::make_shared<WindowsData>();
            d->source = WindowsData::Source::Demo;
            d->demoEncoder = true;
            // The demo's features live in the demo object: share its lifetime.
            d->features = std::shared_ptr<const tokens::PatchFeatures>(l.demo, &l.demo->features());
            for (int i = 0; i < l.demo->scenes(); ++i) {
                tokens::PreparedImage p;
                p.square = l.demo->scene(i);
                p.mode = tokens::Preprocess::Pad;
                const double s = p.square.width;
                p.photoRect = {0, 0, s, s};
                p.sourceRect = {0, 0, s, s};
                d->images.push_back(std::move(p));
                d->names.push_back(l.demo->sceneName(i));
            }
            l.data = std::move(d);
            return l;
        },
        std::move(info), tr("Training the token windows demo encoder"));
}

void WindowsController::loadPhotograph(const QString& path, tokens::Preprocess preprocess) {
    ViewInput info;
    info.path = QFileInfo(path).absoluteFilePath();
    auto demo = m_demo;
    const std::string p = path.toStdString();
    const std::string name = QFileInfo(path).fileName().toStdString();
    submitLoad(
        [demo, p, name, preprocess, path = info.path](core::JobContext& job) {
            Loaded l;
            const tokens::RgbImage image = tokens::readImage(p);  // errors before any training
            l.hashes = hashInputOnWorker(p, job);
            l.demo = demoEncoder(demo, job);
            job.stage("encoding the photograph with the demo encoder");
            auto d = std::make_shared<WindowsData>();
            d->source = WindowsData::Source::Photograph;
            d->demoEncoder = true;
            d->imagePath = path;
            d->images.push_back(tokens::prepareImage(image, l.demo->spec().side, preprocess));
            d->features =
                std::make_shared<const tokens::PatchFeatures>(l.demo->encode(d->images.front()));
            d->names.push_back(name);
            l.data = std::move(d);
            return l;
        },
        std::move(info), tr("Encoding the photograph"));
}

void WindowsController::loadFeatures(const QString& path, const tokens::FeatureOptions& options,
                                     const QString& image, tokens::Preprocess preprocess) {
    ViewInput info;
    info.path = QFileInfo(path).absoluteFilePath();
    const std::string p = path.toStdString();
    submitLoad(
        [p, options, image, preprocess](core::JobContext& job) {
            Loaded l;
            auto d = std::make_shared<WindowsData>();
            d->source = WindowsData::Source::File;
            auto features = std::make_shared<const tokens::PatchFeatures>(
                tokens::PatchFeatures::open(p, options));
            for (const auto& file : features->files())
                for (auto& h : hashInputOnWorker(file.string(), job)) l.hashes.push_back(h);
            d->images.resize(std::size_t(features->images()));
            // One picture belongs to one image: a batch is drawn without one.
            if (!image.isEmpty() && features->images() == 1) {
                d->images[0] = underlay(image, features->grid(), preprocess);
                d->imagePath = image;
                for (auto& h : hashInputOnWorker(image.toStdString(), job)) l.hashes.push_back(h);
            }
            const std::vector<std::filesystem::path> files = features->files();
            for (int b = 0; b < features->images(); ++b)
                d->names.push_back(files.size() == std::size_t(features->images())
                                       ? files[std::size_t(b)].filename().string()
                                       : "image " + std::to_string(b));
            d->features = std::move(features);
            l.data = std::move(d);
            return l;
        },
        std::move(info), tr("Reading the patch features"));
}

void WindowsController::analyse(int image, const tokens::WindowsRequest& request) {
    if (!m_data) return;
    const auto data = m_data;
    const int generation = m_generation;
    m_runner.submit(
        QStringLiteral("windows-analysis"), this,
        [data, image, request](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            auto a = std::make_shared<const tokens::ImageAnalysis>(
                tokens::analyseImage(*data->features, image, request, job));
            return std::make_pair(a, timer.elapsed());
        },
        [this, generation](std::pair<std::shared_ptr<const tokens::ImageAnalysis>, qint64> r) {
            if (generation != m_generation) return;
            m_analysis = std::move(r.first);
            emit analysisReady(r.second);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, tr("Token reduction"));
}

void WindowsController::analyseBatch(const tokens::WindowsRequest& request) {
    if (!m_data) return;
    const auto data = m_data;
    const int generation = m_generation;
    m_batch.reset();
    m_batchError.clear();
    m_runner.submit(
        QStringLiteral("windows-batch"), this,
        [data, request](core::JobContext& job) {
            return std::make_shared<const tokens::BatchStatistics>(
                tokens::analyseBatch(*data->features, request, job));
        },
        [this, generation](std::shared_ptr<const tokens::BatchStatistics> b) {
            if (generation != m_generation) return;
            m_batch = std::move(b);
            emit batchReady();
        },
        [this, generation](const QString& m) {
            if (generation != m_generation) return;
            m_batchError = m;  // said in the histogram figure, not as a popup
            emit batchReady();
        },
        Lane::Device, tr("Token windows: statistics over the batch"));
}

}  // namespace assay::views
