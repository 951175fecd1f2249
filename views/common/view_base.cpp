#include "views/common/view_base.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/io/sha256.h"
#include "assay/jobs/job_context.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/settings_panel.h"

namespace assay::views {

namespace {

const QString kFigureKey = QStringLiteral("figure");

SettingsSpec withFigure(SettingsSpec spec) {
    SettingSpec figure;
    figure.key = kFigureKey;
    figure.type = SettingType::Text;
    figure.label = QObject::tr("Figure");
    figure.tooltip = QObject::tr("the figure shown (its tab); checked against the view's figures");
    figure.stage = Stage::Figure;
    figure.control = false;
    spec.add(figure);
    return spec;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> hashInputOnWorker(const std::string& path,
                                                                   core::JobContext& job) {
    job.stage("hashing");
    // Cached per file version (io/sha256.h): reopening an unchanged file does not read it again.
    return {{std::filesystem::path(path).filename().string(), core::io::startHash(path).get()}};
}

ViewBase::ViewBase(JobRunner& runner, SettingsSpec spec, QWidget* parent)
    : QWidget(parent),
      m_runner(runner),
      m_spec(withFigure(std::move(spec))),
      m_values(m_spec.defaults()) {
    m_controls = new SettingsPanel(m_spec, this);
    m_guide = new GuidePanel(this);
    m_figures = new FigureTabs(this);
    m_controls->showValues(m_values);
    connect(m_controls, &SettingsPanel::edited, this, &ViewBase::onControlEdited);
    connect(m_guide, &GuidePanel::stepActivated, this,
            [this](int, const QVariantMap& s) { onGuideStep(s); });
    connect(m_figures, &FigureTabs::errorOccurred, this, &ViewBase::errorOccurred);
    connect(m_figures, &QTabWidget::currentChanged, this,
            [this] { m_values.set(kFigureKey, m_figures->currentFigure()); });
    connect(&runner, &JobRunner::jobStarted, this, &ViewBase::updateBusy);
    connect(&runner, &JobRunner::jobFinished, this, &ViewBase::updateBusy);
    connect(&runner, &JobRunner::jobCancelled, this, &ViewBase::updateBusy);
    connect(&runner, &JobRunner::jobFailed, this, &ViewBase::updateBusy);
}

ViewBase::~ViewBase() = default;

void ViewBase::updateBusy() {
    const bool busy = isBusy();
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged(busy);
}

bool ViewBase::isBusy() const { return m_runner.hasJobsFor(this); }

bool ViewBase::waitUntilIdle(int ms) {
    QElapsedTimer timer;
    timer.start();
    // processEvents(flags, maxtime) ignores WaitForMoreEvents and spins, taking a core from the
    // workers it waits for: sleep until an event comes instead, a timer waking it to see the clock.
    QTimer tick;
    tick.start(50);
    while (isBusy() && timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return !isBusy();
}

void ViewBase::openDemo() {
    // The guide is written for the demo: opening it starts the tour at step 1 with that step's
    // settings, so the window matches the text — unless a session or the command line gave
    // settings, which are kept.
    if (m_given.isEmpty() && !m_guide->guide().isEmpty()) {
        const QSignalBlocker block(m_guide);
        m_guide->goToStep(0);
        applyChecked(m_guide->guide().steps.front().settings);
    }
    log(QStringLiteral("info"), tr("%1: opening the demo").arg(title()));
    loadDemo();
}

void ViewBase::openFile(const QString& path) {
    log(QStringLiteral("info"), tr("Opening %1").arg(QDir::toNativeSeparators(path)));
    loadFile(QFileInfo(path).absoluteFilePath());
}

QStringList ViewBase::figureIds() const { return m_figures->ids(); }

QString ViewBase::figureUnavailable(const QString&) const {
    if (!hasResult()) return tr("nothing computed yet: open data or the demo first");
    return {};
}

void ViewBase::exportFigure(const QString& id, const QString& path, const ExportOptions& options) {
    if (!m_figures->spec(id))
        throw core::ParameterError(
            "figure", "'" + id.toStdString() + "' is not a figure of " + viewId().toStdString() +
                          " (expected " + figureIds().join(QStringLiteral(", ")).toStdString() +
                          ")");
    if (const QString why = figureUnavailable(id); !why.isEmpty())
        throw core::ParameterError("figure", why.toStdString());
    ExportOptions o = options;
    if (o.provenance.isEmpty()) o.provenance = provenance();
    // The plot functions choose colours by theme: draw in the export's theme, then restore.
    const Theme shown = m_theme;
    const bool retheme = o.theme && *o.theme != shown;
    if (retheme) setTheme(*o.theme);
    try {
        m_figures->exportFigure(id, path, o);
    } catch (...) {
        if (retheme) setTheme(shown);
        throw;
    }
    if (retheme) setTheme(shown);
    log(QStringLiteral("info"), tr("Exported %1 to %2").arg(id, QDir::toNativeSeparators(path)));
}

QString ViewBase::dataLimitViolation(const QString& key, const QVariant& value) const {
    const SettingSpec* s = m_spec.find(key);
    if (!s) return {};
    if (s->type == SettingType::Group && m_input.groups.contains(key)) {
        const QString g = value.toString();
        const QStringList names = m_input.groups.value(key);
        if (g != QLatin1String("all") && !names.contains(g))
            return tr("%1: '%2' is not a group of this data (expected all%3)")
                .arg(key, g,
                     names.isEmpty() ? QString()
                                     : QStringLiteral(", ") + names.join(QStringLiteral(", ")));
    }
    if (m_input.ranges.contains(key)) {
        const auto [lo, hi] = m_input.ranges.value(key);
        QVariantList items =
            value.typeId() == QMetaType::QVariantList ? value.toList() : QVariantList{value};
        for (const QVariant& v : items)
            if (v.toDouble() < lo || v.toDouble() > hi)
                return tr("%1: %2 is outside %3..%4 for this data%5")
                    .arg(key, settingText(value), settingText(lo), settingText(hi),
                         s->dataLimit.isEmpty()
                             ? QString()
                             : QStringLiteral(" (") + s->dataLimit + QLatin1Char(')'));
    }
    return {};
}

bool ViewBase::applySettings(const QVariantMap& settings) {
    const bool applied = applyChecked(settings);
    if (applied)
        for (auto it = settings.begin(); it != settings.end(); ++it)
            if (const SettingSpec* s = m_spec.find(it.key())) m_given.insert(s->key);
    return applied;
}

bool ViewBase::applyChecked(const QVariantMap& given) {
    QVariantMap checked;
    try {
        checked = m_spec.normalise(given);
    } catch (const core::Error& e) {
        reportError(tr("%1: %2").arg(title(), QString::fromUtf8(e.what())));
        return false;
    }
    for (auto it = checked.begin(); it != checked.end(); ++it) {
        QString why = dataLimitViolation(it.key(), it.value());
        if (it.key() == kFigureKey && !figureIds().contains(it.value().toString()))
            why = tr("figure: '%1' is not one of %2")
                      .arg(it.value().toString(), figureIds().join(QStringLiteral(", ")));
        if (!why.isEmpty()) {
            reportError(tr("%1: %2").arg(title(), why));
            return false;
        }
    }
    Settings next = m_values;
    for (auto it = checked.begin(); it != checked.end(); ++it) next.set(it.key(), it.value());
    const QStringList changed = next.changedFrom(m_values);
    m_values = next;
    m_controls->showValues(m_values);
    if (changed.contains(kFigureKey))
        m_figures->setCurrentFigure(m_values.value(kFigureKey).toString());
    if (changed.isEmpty() || !hasInput()) return true;
    // Recompute from the earliest stage a changed setting feeds.
    Stage from = Stage::Figure;
    for (const QString& key : changed)
        if (const SettingSpec* s = m_spec.find(key); s && int(s->stage) < int(from))
            from = s->stage;
    if (from == Stage::Load) {
        if (m_input.demo)
            loadDemo();
        else
            loadFile(m_input.path);
    } else if (!(from == Stage::Figure && changed == QStringList{kFigureKey})) {
        recompute(from, changed);
    }
    return true;
}

void ViewBase::onControlEdited(const QString& key, const QVariant& value) {
    // The panel's ranges are the data's, so an edit never needs the given-value refusal.
    if (!applyChecked({{key, value}})) m_controls->showValues(m_values);  // show what holds
}

void ViewBase::onGuideStep(const QVariantMap& step) {
    QVariantMap settings = step;
    if (hasInput() && !m_input.demo) {
        // The steps are written for the demo's groups: on a user's file, a group it lacks is
        // left as it is, and the log says so (never a silent switch to "all groups").
        for (auto it = m_input.groups.begin(); it != m_input.groups.end(); ++it) {
            const SettingSpec* s = m_spec.find(it.key());
            for (const QString& name : QStringList(it.key()) + (s ? s->aliases : QStringList())) {
                const QString g = settings.value(name).toString();
                if (settings.contains(name) && g != QLatin1String("all") &&
                    !it.value().contains(g)) {
                    settings.remove(name);
                    log(QStringLiteral("warning"),
                        tr("The guide is written for the demo: this data has no group '%1', so the "
                           "step leaves '%2' "
                           "as it is (File ▸ Open demo to follow it)")
                            .arg(g, s ? s->label : it.key()));
                }
            }
        }
    }
    applyChecked(settings);
}

void ViewBase::setInput(ViewInput input) {
    m_input = std::move(input);
    for (auto it = m_input.ranges.begin(); it != m_input.ranges.end(); ++it)
        m_controls->setDataRange(it.key(), it.value().first, it.value().second);
    for (auto it = m_input.groups.begin(); it != m_input.groups.end(); ++it) {
        const SettingSpec* spec = m_spec.find(it.key());
        const QString all = spec && !spec->allLabel.isEmpty() ? spec->allLabel : tr("All groups");
        QStringList ids{QStringLiteral("all")}, labels{all};
        ids += it.value();
        labels += it.value();
        m_controls->setChoices(it.key(), ids, labels);
    }
    // A value the data cannot take is refused when it was given (a session's layer 5 on a
    // 2-layer trace: said as an error, so `assay render` writes nothing), and a default that does
    // not suit the data (Top-T 3 for a top-8 router) is adapted with a note; either way the value
    // becomes the nearest the data allows.
    for (const SettingSpec& s : m_spec.all()) {
        const QVariant value = m_values.value(s.key);
        const QString why = dataLimitViolation(s.key, value);
        if (why.isEmpty()) continue;
        QVariant fallback = QStringLiteral("all");
        if (s.type != SettingType::Group) {
            const auto [lo, hi] = m_input.ranges.value(s.key);
            auto nearest = [&](const QVariant& v) {
                return m_spec.check(s, std::clamp(v.toDouble(), lo, hi));
            };
            if (value.typeId() == QMetaType::QVariantList) {
                QVariantList items;
                for (const QVariant& v : value.toList()) items << nearest(v);
                fallback = items;
            } else {
                fallback = nearest(value);
            }
        }
        if (m_given.contains(s.key))
            reportError(tr("%1: %2; using %3").arg(title(), why, settingText(fallback)));
        else
            log(QStringLiteral("info"),
                tr("%1: the default %2 = %3 does not suit this data; using %4")
                    .arg(title(), s.key, settingText(value), settingText(fallback)));
        m_values.set(s.key, fallback);
    }
    m_controls->showValues(m_values);
    setSummary(m_input.summary);
    if (m_input.demo) {
        m_guide->showGuide();
    } else {
        m_guide->showDataSummary(
            tr("Your data"),
            tr("<p><b>%1</b></p><p>%2</p><p>The tour (File ▸ Open demo) explains each "
               "figure on the demo.</p>")
                .arg(QFileInfo(m_input.path).fileName().toHtmlEscaped(),
                     m_input.summary.toHtmlEscaped()));
    }
    recompute(Stage::Analysis, m_spec.keys());
}

bool ViewBase::adjustValues(const QVariantMap& given) {
    try {
        const QVariantMap checked = m_spec.normalise(given);
        for (auto it = checked.begin(); it != checked.end(); ++it)
            m_values.set(it.key(), it.value());
    } catch (const core::Error& e) {
        reportError(tr("%1: %2").arg(title(), QString::fromUtf8(e.what())));
        return false;
    }
    m_controls->showValues(m_values);
    return true;
}

void ViewBase::setSummary(const QString& text) { m_controls->setSummary(text); }

QJsonObject ViewBase::provenanceParameters() const {
    QJsonObject o;
    for (const SettingSpec& s : m_spec.all()) {
        if (s.key == kFigureKey) continue;
        o.insert(s.key, QJsonValue::fromVariant(m_values.value(s.key)));
    }
    return o;
}

QMap<QString, QString> ViewBase::provenance() const {
    const QByteArray json = QJsonDocument(provenanceParameters()).toJson(QJsonDocument::Compact);
    const std::uint64_t seed = m_spec.find(QStringLiteral("seed"))
                                   ? m_values.value(QStringLiteral("seed")).toULongLong()
                                   : 0;
    core::Provenance p = core::makeProvenance(viewId().toStdString(), {},
                                              nlohmann::json::parse(json.toStdString()), seed);
    p.inputs = m_input.hashes;
    QMap<QString, QString> out;
    for (const auto& [k, v] : p.toText())
        out.insert(QString::fromStdString(k), QString::fromStdString(v));
    return out;
}

void ViewBase::figuresUpdated() { m_figures->setProvenance(provenance()); }

QJsonObject ViewBase::saveState(const QDir& sessionDir) const {
    QJsonObject o;
    o["settings"] = QJsonObject::fromVariantMap(settings());
    o["demo"] = m_input.demo;
    if (!m_input.path.isEmpty()) o["input"] = sessionDir.relativeFilePath(m_input.path);
    return o;
}

void ViewBase::restoreState(const QJsonObject& state, const QDir& sessionDir) {
    QVariantMap s = state.value("settings").toObject().toVariantMap();
    // Sessions before the kit kept the role map beside the settings.
    if (state.contains("map") && !state.value("map").toObject().isEmpty() &&
        m_spec.find(QStringLiteral("map")))
        s.insert(QStringLiteral("map"), state.value("map").toObject().toVariantMap());
    // What this version cannot take (an unknown key, a value out of range) is reported and
    // skipped; the rest of the session applies.
    m_spec.upgrade(s);
    QVariantMap usable;
    for (auto it = s.begin(); it != s.end(); ++it) {
        try {
            const QVariant v = m_spec.normalise({{it.key(), it.value()}}).first();
            if (it.key() == kFigureKey && !figureIds().contains(v.toString()))
                throw core::ParameterError(
                    "figure", "'" + v.toString().toStdString() + "' is not a figure of this view");
            usable.insert(it.key(), v);
        } catch (const core::Error& e) {
            log(QStringLiteral("warning"),
                tr("%1: the session's %2 is not used: %3")
                    .arg(title(), it.key(), QString::fromUtf8(e.what())));
        }
    }
    applySettings(usable);
    if (state.value("demo").toBool())
        openDemo();
    else if (state.contains("input"))
        openFile(QDir::cleanPath(sessionDir.absoluteFilePath(state.value("input").toString())));
}

void ViewBase::setTheme(Theme theme) {
    m_theme = theme;
    m_figures->setTheme(theme);
    onThemeChanged();
}

void ViewBase::layOutStandard() {
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(left);
    scroll->setWidget(m_controls);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftLayout->addWidget(scroll, 3);
    leftLayout->addWidget(m_guide, 2);
    left->setMinimumWidth(320);
    left->setMaximumWidth(440);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_figures);
    split->setStretchFactor(1, 1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
}

}  // namespace assay::views
