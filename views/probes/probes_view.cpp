#include "views/probes/probes_view.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QToolButton>
#include <algorithm>

#include "assay/core/error.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probes_analysis.h"
#include "assay/probes/steering.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/painted_figure.h"
#include "views/common/settings_panel.h"
#include "views/probes/probes_controller.h"
#include "views/probes/probes_inputs.h"
#include "views/probes/probes_settings.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initProbesResources() { Q_INIT_RESOURCE(probes); }

namespace assay::views {

namespace probes = core::probes;
using namespace probes_settings;

namespace {

QVector<FigureSpec> figureSpecs() {
    return {{QStringLiteral("auroc"), ProbesView::tr("AUROC by layer"), QSize(1000, 680)},
            {QStringLiteral("roc"), ProbesView::tr("ROC"), QSize(820, 760)},
            {QStringLiteral("hist"), ProbesView::tr("Histograms"), QSize(1000, 680)},
            {QStringLiteral("pca"), ProbesView::tr("PCA"), QSize(900, 780)},
            {QStringLiteral("steer"), ProbesView::tr("Steering"), QSize(1000, 680)},
            {QStringLiteral("transfer"), ProbesView::tr("Transfer"), QSize(1400, 600)},
            {QStringLiteral("cosine"), ProbesView::tr("Direction cosines"), QSize(900, 800)},
            {QStringLiteral("preference"), ProbesView::tr("Preference pairs"), QSize(1000, 680)},
            {QStringLiteral("tokens"), ProbesView::tr("Captions"), QSize(1200, 820)}};
}

}  // namespace

ProbesView::ProbesView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, probes_settings::settingsSpec(), parent),
      m_controller(new ProbesController(runner, this)),
      m_tokens(new PaintedFigure(this)) {
    initProbesResources();
    m_tokens->setObjectName(QStringLiteral("probes-tokens"));
    for (const FigureSpec& s : figureSpecs()) {
        if (s.id == QLatin1String("tokens"))
            figures()->addCustom(s, m_tokens, [this](const QString& p, const ExportOptions& o) {
                m_tokens->exportTo(p, o);
            });
        else
            figures()->addPlot(s);
    }
    figures()->showMessage(
        tr("Open labelled hidden states (a `label` tensor beside `hidden`) or the demo."));
    figures()->setCornerWidget(makeMenu(), Qt::TopRightCorner);
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/probes.json")));
    layOutStandard();
    controls()->setSectionExpanded(inputSection(), false);
    controls()->setSectionExpanded(figureSection(), false);
    connect(m_controller, &ProbesController::inputLoaded, this, &ProbesView::onInputLoaded);
    connect(m_controller, &ProbesController::analysisReady, this, [this](qint64 ms) {
        const probes::ProbesAnalysis* a = m_controller->analysis();
        log(QStringLiteral("info"), tr("Probes: %1 layers trained (%2), best layer %3 — %4 ms")
                                        .arg(a->training.layers.size())
                                        .arg(QString::fromStdString(a->training.kindName))
                                        .arg(a->bestLayer())
                                        .arg(ms));
        redraw();
    });
    connect(m_controller, &ProbesController::transferReady, this, &ProbesView::redraw);
    connect(m_controller, &ProbesController::preferenceReady, this, &ProbesView::redraw);
    connect(m_controller, &ProbesController::captionsReady, this, &ProbesView::redraw);
    connect(m_controller, &ProbesController::failed, this, &ProbesView::reportError);
}

ProbesView::~ProbesView() = default;

QString ProbesView::title() const { return tr("Probes"); }

QToolButton* ProbesView::makeMenu() {
    auto* button = new QToolButton(this);
    button->setObjectName(QStringLiteral("probes-direction-menu"));
    button->setText(tr("Direction ▾"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    const QString filter = tr("Probe file (*.safetensors *.npz)");
    menu->addAction(tr("Export the shown layer's direction…"), this, [this, filter] {
        const QString p = QFileDialog::getSaveFileName(
            this, tr("Export the direction"),
            QStringLiteral("direction-layer%1.safetensors").arg(shownLayer()), filter);
        if (!p.isEmpty()) exportDirection(p, false);
    });
    menu->addAction(tr("Export every layer's directions…"), this, [this, filter] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export the directions"),
                                                       QStringLiteral("probe.safetensors"), filter);
        if (!p.isEmpty()) exportDirection(p, true);
    });
    menu->addSeparator();
    menu->addAction(tr("Import a probe…"), this, [this, filter] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Import a probe"), {}, filter);
        if (!p.isEmpty()) addInput(QLatin1String(kProbe.key), p);
    });
    menu->addAction(tr("Use the probe trained here"), this, [this] {
        applySettings({{QLatin1String(kProbe.key), QString()}});
    });
    menu->addSeparator();
    const QString states = tr("Hidden states (*.safetensors *.npz)");
    menu->addAction(tr("Open a second model's states…"), this, [this, states] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Second model"), {}, states);
        if (!p.isEmpty()) addInput(QLatin1String(kSecond.key), p);
    });
    menu->addAction(tr("Add preference pairs…"), this, [this, states] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Preference pairs"), {}, states);
        if (!p.isEmpty()) addInput(QLatin1String(kPairs.key), p);
    });
    menu->addAction(tr("Open captions…"), this, [this] {
        const QString p =
            QFileDialog::getOpenFileName(this, tr("Captions"), {}, tr("Captions (*.jsonl)"));
        if (!p.isEmpty()) addInput(QLatin1String(kCaptions.key), p);
    });
    button->setMenu(menu);
    return button;
}

// A file beside the states goes into its input setting (pairs add to the list); the inputs are
// then read again.
void ProbesView::addInput(const QString& key, const QString& path) {
    if (!hasInput()) {
        reportError(tr("Probes: %1 goes with hidden states: open labelled states or the demo "
                       "first")
                        .arg(QFileInfo(path).fileName()));
        return;
    }
    QString value = QFileInfo(path).absoluteFilePath();
    if (key == QLatin1String(kPairs.key) && !values().get(kPairs).trimmed().isEmpty())
        value = values().get(kPairs) + QLatin1Char(',') + value;
    applySettings({{key, value}});
}

static ProbesInputs inputsFor(const QString& base, const Settings& v) {
    ProbesInputs in;
    in.second = resolveInput(base, v.get(kSecond), kSecond.key);
    in.pairs = resolveInputs(base, v.get(kPairs), kPairs.key);
    in.captions = resolveInput(base, v.get(kCaptions), kCaptions.key);
    if (!in.captions.isEmpty())
        in.captionStates = captionStatesFor(
            in.captions, v.get(kCaptionStates).trimmed().isEmpty()
                             ? QString()
                             : resolveInput(base, v.get(kCaptionStates), kCaptionStates.key));
    in.probe = resolveInput(base, v.get(kProbe), kProbe.key);
    return in;
}

void ProbesView::loadDemo() {
    try {
        const ProbesInputs in = inputsFor(QString(), values());
        log(QStringLiteral("info"),
            tr("Training the probes demo: two residual MLPs on a synthetic task (easy and hard "
               "items); their per-layer states are labelled 1 = prediction wrong (the "
               "hallucination stand-in), 0 = right"));
        m_controller->loadDemo(in);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void ProbesView::loadFile(const QString& path) {
    try {
        switch (probesFileKind(path)) {
            case ProbesFileKind::Probe:
                addInput(QLatin1String(kProbe.key), path);
                return;
            case ProbesFileKind::Pairs:
                addInput(QLatin1String(kPairs.key), path);
                return;
            case ProbesFileKind::Captions:
                addInput(QLatin1String(kCaptions.key), path);
                return;
            case ProbesFileKind::States:
            case ProbesFileKind::Other:  // the loader says what is missing
                break;
        }
        m_controller->loadStates(path, inputsFor(path, values()));
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void ProbesView::onInputLoaded(const ViewInput& input) {
    // The kit refuses a given layer past the data's last (and adapts nothing else here); a layer
    // inside that range that the states lack is said by layerProblem (figures, exports).
    setInput(input);
    if (const QString why = layerProblem(); !why.isEmpty()) reportError(tr("Probes: %1").arg(why));
}

int ProbesView::shownLayer() const {
    const probes::ProbesAnalysis* a = m_controller->analysis();
    const int layer = values().get(kLayer);
    if (layer >= 0) return layer;
    return a ? a->bestLayer() : -1;
}

int ProbesView::layerPosition() const {
    const probes::ProbesAnalysis* a = m_controller->analysis();
    if (!a) return -1;
    const int layer = shownLayer();
    for (std::size_t i = 0; i < a->layers.size(); ++i)
        if (a->layers[i].layer == layer) return int(i);
    return -1;
}

QString ProbesView::layerProblem() const {
    const ProbesData* d = m_controller->data();
    const int layer = values().get(kLayer);
    if (!d || layer < 0) return {};
    const std::vector<int> layers = d->states->layers();
    if (std::find(layers.begin(), layers.end(), layer) != layers.end()) return {};
    QStringList names;
    for (int l : layers) names << QString::number(l);
    return tr("layer %1 is not a layer of the states (they have %2)")
        .arg(layer)
        .arg(names.join(QStringLiteral(", ")));
}

void ProbesView::recompute(Stage from, const QStringList& changed) {
    if (from != Stage::Figure && m_controller->data()) {
        const Settings& v = values();
        probes::ProbesRequest request;
        request.probe.logistic.C = v.get(kC);
        request.probe.logistic.balanced = v.get(kBalanced);
        if (v.get(kCv) >= 2) {
            request.probe.cvFolds = v.get(kCv);
            for (double c : v.get(kCGrid)) request.probe.cGrid.push_back(c);
        }
        request.probe.testFraction = v.get(kTestFraction);
        request.probe.seed = std::uint64_t(v.get(kSeed));
        request.probe.sensitivity = v.get(kSensitivity);
        request.steering = v.get(kSteering) == QLatin1String("probe")
                               ? probes::SteeringDirection::Probe
                               : probes::SteeringDirection::MassMean;
        try {
            request.alpha = probes::parseAlphaRange(v.get(kAlpha).toStdString());
        } catch (const core::Error& e) {
            reportError(tr("Probes: alpha: %1").arg(QString::fromUtf8(e.what())));
            return;
        }
        probes::TransferRequest transfer;
        transfer.rank = v.get(kRank);
        transfer.logistic = request.probe.logistic;
        transfer.testFraction = request.probe.testFraction;
        transfer.seed = request.probe.seed;
        probes::PreferenceRequest preference;
        preference.logistic = request.probe.logistic;
        preference.testFraction = request.probe.testFraction;
        preference.seed = request.probe.seed;
        m_controller->analyse(request, transfer, preference);
        return;
    }
    if (changed.contains(QLatin1String(kLayer.key)))
        if (const QString why = layerProblem(); !why.isEmpty())
            reportError(tr("Probes: %1").arg(why));
    redraw();
}

bool ProbesView::hasResult() const { return m_controller->analysis() != nullptr; }

bool ProbesView::exportDirection(const QString& path, bool allLayers) {
    const probes::ProbesAnalysis* a = m_controller->analysis();
    if (!a) {
        reportError(tr("Probes: nothing to export: open data or the demo first"));
        return false;
    }
    if (!allLayers && layerPosition() < 0) {
        reportError(tr("Probes: %1").arg(layerProblem()));
        return false;
    }
    try {
        const probes::ProbeFile file = probes::toProbeFile(
            *a, allLayers ? std::vector<int>{} : std::vector<int>{shownLayer()});
        probes::writeProbeFile(path.toStdString(), file);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return false;
    }
    log(QStringLiteral("info"), allLayers ? tr("Exported every layer's probe and directions to %1")
                                                .arg(QDir::toNativeSeparators(path))
                                          : tr("Exported layer %1's probe and directions to %2")
                                                .arg(shownLayer())
                                                .arg(QDir::toNativeSeparators(path)));
    return true;
}

QString ProbesView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    const bool perLayer = id != QLatin1String("auroc") && id != QLatin1String("cosine") &&
                          id != QLatin1String("preference");
    if (perLayer)
        if (const QString why = layerProblem(); !why.isEmpty()) return tr("'%1': %2").arg(id, why);
    const ProbesData* d = m_controller->data();
    if (id == QLatin1String("pca") &&
        m_controller->analysis()->layers[std::size_t(layerPosition())].pca.empty())
        return tr("'pca': no PCA at layer %1").arg(shownLayer());
    if (id == QLatin1String("transfer")) {
        if (!d->second)
            return tr(
                "'transfer': needs a second model's states for the same items (the "
                "second setting)");
        if (!m_controller->transferError().isEmpty())
            return tr("'transfer': %1").arg(m_controller->transferError());
        if (!m_controller->transfer()) return tr("'transfer': the transfer is not computed yet");
    }
    if (id == QLatin1String("preference")) {
        if (d->pairs.empty())
            return tr(
                "'preference': needs preference pairs (chosen and rejected embeddings; "
                "the pairs setting)");
        if (!m_controller->preferenceError().isEmpty())
            return tr("'preference': %1").arg(m_controller->preferenceError());
        if (!m_controller->preference())
            return tr("'preference': the separability is not computed yet");
    }
    if (id == QLatin1String("tokens")) {
        if (!d->captions)
            return tr(
                "'tokens': needs captions (JSON Lines) with per-token states (the "
                "captions setting)");
        if (!m_controller->captionError().isEmpty())
            return tr("'tokens': %1").arg(m_controller->captionError());
        if (!m_controller->captionScores() || m_controller->captionScores()->layer != shownLayer())
            return tr("'tokens': the captions are not scored yet");
    }
    return {};
}

ViewEntry probesViewEntry() {
    return makeViewEntry<ProbesView>(
        QStringLiteral("probes"), ProbesView::tr("Probes"), QStringLiteral(":/icons/probes.svg"),
        probes_settings::settingsSpec(), figureSpecs(), opensProbesInput,
        {{QStringLiteral("hidden"),
          ProbesView::tr("hidden states [L,N,d] or layers.{l}.hidden [N,d], f32/f16/bf16")},
         {QStringLiteral("label"), ProbesView::tr("[N] 1 = hallucinated, 0 = real")},
         {QStringLiteral("split"), ProbesView::tr("optional [N] 0 = train, 1 = test")},
         {QStringLiteral("group"), ProbesView::tr("optional [N] group id (image): splits keep "
                                                  "groups whole")},
         {QStringLiteral("chosen"),
          ProbesView::tr("preference pairs: chosen and rejected [N,d] (a pairs file)")},
         {QStringLiteral("weights"),
          ProbesView::tr("a probe file: weights, bias, direction, probe_direction")}});
}

}  // namespace assay::views
