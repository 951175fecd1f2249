#include "app/render_command.h"
#include "app/window_capture.h"

#include <CLI/CLI.hpp>

#include <QDir>
#include <QFileInfo>
#include <QPointer>

#include <cmath>
#include <iostream>
#include <memory>

#include "app/session_file.h"
#include "app/view_list.h"
#include "assay/core/error.h"
#include "assay/conformal/scored_items.h"
#include "cli/calibration_options.h"
#include "views/calibration/calibration_view.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app {

namespace {

using core::ParameterError;
using views::ViewBase;

constexpr int kIdleTimeoutMs = 120000;

struct FigureOptions {
    std::string out;
    int dpi = 150;
    int width = 0, height = 0;
    std::string theme;  // empty: the screen's (light)
};

void addFigureOptions(CLI::App& cmd, FigureOptions& f, const char* outHelp)
{
    cmd.add_option("--out,-o", f.out, outHelp);
    cmd.add_option("--dpi", f.dpi, "PNG resolution (dots per inch)")->capture_default_str();
    cmd.add_option("--width", f.width, "figure width in pixels (0: the default size)");
    cmd.add_option("--height", f.height, "figure height in pixels (0: keep the aspect ratio)");
    cmd.add_option("--theme", f.theme, "paper, light, dark or presentation");
}

views::ExportOptions exportOptions(const FigureOptions& f)
{
    if (f.out.empty()) throw ParameterError("--out", "is required");
    if (f.dpi < 36 || f.dpi > 2400) throw ParameterError("--dpi", std::to_string(f.dpi) + " is outside [36, 2400]");
    if (f.width < 0 || f.height < 0) throw ParameterError("--width/--height", "must not be negative");
    views::ExportOptions o;
    o.dpi = f.dpi;
    o.widthPx = f.width;
    o.heightPx = f.height;
    if (!f.theme.empty()) o.theme = views::themeFromName(QString::fromStdString(f.theme));
    return o;
}

void checkUnit(const char* name, double v)
{
    if (!(v > 0 && v < 1)) throw ParameterError(name, std::to_string(v) + " is outside (0, 1)");
}

// The view's spin boxes clamp silently, so every range is checked here first.
QVariantMap calibrationSettings(const CalibrationOptions& o)
{
    if (!o.input.empty() && o.demo) throw ParameterError("--input/--demo", "give one of them, not both");
    if (o.input.empty() && !o.demo) throw ParameterError("--input/--demo", "give an input file or --demo");
    checkUnit("--alpha", o.alpha);
    checkUnit("--delta", o.delta);
    checkUnit("--cal-fraction", o.calFraction);
    if (o.repetitions < 1) throw ParameterError("--repetitions", "must be at least 1");
    if (o.weights.size() != 2 || o.weights[0] < 0 || o.weights[1] < 0)
        throw ParameterError("--weights", "expected two non-negative numbers w_l,w_f");
    core::conformal::statisticFromName(o.statistic);  // throws for unknown names
    QVariantMap map;
    for (const auto& [role, name] : parseRoleMap(o.maps))
        map.insert(QString::fromStdString(role), QString::fromStdString(name));
    return {{QStringLiteral("alpha"), o.alpha},
            {QStringLiteral("delta"), o.delta},
            {QStringLiteral("repetitions"), o.repetitions},
            {QStringLiteral("seed"), qulonglong(o.seed)},
            {QStringLiteral("calFraction"), o.calFraction},
            {QStringLiteral("weightLogit"), o.weights[0]},
            {QStringLiteral("weightFreq"), o.weights[1]},
            {QStringLiteral("statistic"), QString::fromStdString(o.statistic)},
            {QStringLiteral("map"), map}};
}

// Creates views on one runner and collects what they report as errors.
class Renderer {
public:
    Renderer() { registerViews(m_registry); }

    ViewBase* create(const QString& id)
    {
        ViewBase* v = m_registry.create(id, m_runner);
        m_owned.emplace_back(v);
        v->resize(900, 600);  // laid out as on a screen, never shown
        QObject::connect(v, &ViewBase::errorOccurred, [this](const QString& m) { m_errors << m; });
        return v;
    }

    // Waits until the view and the runner are idle; throws for a timeout or a reported error.
    void settle(ViewBase* v)
    {
        for (int round = 0; round < 4; ++round) {  // a result may start a follow-up job
            if (!v->waitUntilIdle(kIdleTimeoutMs) || !m_runner.waitForIdle(kIdleTimeoutMs))
                throw core::ResourceError(v->viewId().toStdString() + ": still computing after " +
                                          std::to_string(kIdleTimeoutMs / 1000) + " s");
            if (!v->isBusy() && !m_runner.isBusy()) break;
        }
        if (!m_errors.isEmpty()) throw core::InputError(m_errors.join(QLatin1Char('\n')).toStdString());
    }

    void exportAll(ViewBase* v, const QString& dir, const views::ExportOptions& options)
    {
        for (const QString& figure : v->figureIds()) {
            if (const QString why = v->figureUnavailable(figure); !why.isEmpty()) {
                std::cerr << "assay render: " << v->viewId().toStdString() << "-" << figure.toStdString()
                          << " skipped: " << why.toStdString() << "\n";
                continue;
            }
            const QString path = QDir(dir).filePath(v->viewId() + QLatin1Char('-') + figure + QStringLiteral(".png"));
            v->exportFigure(figure, path, options);
            std::cout << QDir::toNativeSeparators(path).toStdString() << "\n";
        }
    }

    const views::ViewRegistry& registry() const { return m_registry; }

private:
    views::ViewRegistry m_registry;
    views::JobRunner m_runner;
    std::vector<std::unique_ptr<ViewBase>> m_owned;  // destroyed before the runner
    QStringList m_errors;
};

void makeDir(const std::string& dir)
{
    if (!QDir().mkpath(QString::fromStdString(dir)))
        throw core::OutputError(dir + ": cannot create the folder");
}

// assay render <view> ...: one figure to one file.
// "--set key=value" pairs checked against the view's own setting names; numbers stay numbers.
QVariantMap parseSets(const std::vector<std::string>& sets, const ViewBase* v)
{
    QVariantMap map;
    const QStringList known = v->settings().keys();
    for (const std::string& item : sets) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw ParameterError("--set", "'" + item + "' is not key=value");
        const QString key = QString::fromStdString(item.substr(0, eq));
        const QString value = QString::fromStdString(item.substr(eq + 1));
        if (!known.contains(key))
            throw ParameterError("--set", "'" + key.toStdString() + "' is not a setting of " + v->viewId().toStdString() +
                                              " (expected one of " + known.join(QStringLiteral(", ")).toStdString() + ")");
        bool isNumber = false;
        const double number = value.toDouble(&isNumber);
        map.insert(key, isNumber ? QVariant(number) : QVariant(value));
    }
    return map;
}

int renderView(Renderer& r, const QString& viewId, const CalibrationOptions& co, const std::vector<std::string>& sets,
               const std::string& figureArg, const FigureOptions& f)
{
    const views::ExportOptions options = exportOptions(f);
    const QString out = QString::fromStdString(f.out);
    views::exportFormatFor(out);  // unknown extension: error before any work
    ViewBase* v = r.create(viewId);
    const QString figure = figureArg.empty() ? v->figureIds().value(0) : QString::fromStdString(figureArg);
    if (!v->figureIds().contains(figure))
        throw ParameterError("--figure", "'" + figure.toStdString() + "' is not a figure of " + viewId.toStdString() +
                                             " (expected " + v->figureIds().join(QStringLiteral(", ")).toStdString() + ")");
    const QVariantMap extra = parseSets(sets, v);  // checked before any work
    const bool calibration = viewId == QLatin1String("calibration");
    if (calibration) v->applySettings(calibrationSettings(co));
    if (co.input.empty())
        v->openDemo();
    else
        v->openFile(QFileInfo(QString::fromStdString(co.input)).absoluteFilePath());
    r.settle(v);
    if (calibration && (co.calGroup != "all" || co.testGroup != "all")) {
        // Group names are known only once the data is loaded.
        v->applySettings({{QStringLiteral("calGroup"), QString::fromStdString(co.calGroup)},
                              {QStringLiteral("testGroup"), QString::fromStdString(co.testGroup)}});
        const QVariantMap applied = v->settings();
        if (applied.value(QStringLiteral("calGroup")).toString().toStdString() != co.calGroup)
            throw ParameterError("--cal-group", "'" + co.calGroup + "' is not a group of this data");
        if (applied.value(QStringLiteral("testGroup")).toString().toStdString() != co.testGroup)
            throw ParameterError("--test-group", "'" + co.testGroup + "' is not a group of this data");
        r.settle(v);
    }
    if (!extra.isEmpty()) {
        v->applySettings(extra);
        r.settle(v);
    }
    if (const QString why = v->figureUnavailable(figure); !why.isEmpty())
        throw ParameterError("--figure", why.toStdString());
    QFileInfo(out).absoluteDir().mkpath(QStringLiteral("."));
    v->exportFigure(figure, out, options);
    std::cout << QDir::toNativeSeparators(out).toStdString() << "\n";
    return 0;
}

int renderDemo(Renderer& r, const FigureOptions& f)
{
    const views::ExportOptions options = exportOptions(f);
    makeDir(f.out);
    for (const views::ViewEntry& entry : r.registry().views()) {
        ViewBase* v = r.create(entry.id);
        v->openDemo();
        r.settle(v);
        r.exportAll(v, QString::fromStdString(f.out), options);
    }
    // The whole window on each demo, too (what the README shows).
    for (const QString& path : captureDemoWindows(r.registry(), QString::fromStdString(f.out)))
        std::cout << path.toStdString() << "\n";
    return 0;
}

int renderSession(Renderer& r, const std::string& sessionPath, const FigureOptions& f)
{
    views::ExportOptions options = exportOptions(f);
    const QString path = QString::fromStdString(sessionPath);
    const Session session = loadSessionFile(path);
    if (!options.theme) options.theme = views::themeFromName(session.theme);
    makeDir(f.out);
    for (auto it = session.views.begin(); it != session.views.end(); ++it) {
        if (!r.registry().find(it.key())) {
            std::cerr << "assay render: " << sessionPath << ": view '" << it.key().toStdString()
                      << "' is not in this Assay; skipped\n";
            continue;
        }
        ViewBase* v = r.create(it.key());
        const QVariantMap map = session.roleMaps.value(it.key()).toObject().toVariantMap();
        if (!map.isEmpty()) v->applySettings({{QStringLiteral("map"), map}});
        v->restoreState(it.value().toObject(), sessionDirOf(path));
        r.settle(v);
        r.exportAll(v, QString::fromStdString(f.out), options);
    }
    return 0;
}

}  // namespace

int runRenderCommand(int argc, char** argv)
{
    Renderer renderer;
    CLI::App app{"assay render: figures without a window (PNG, PDF, SVG, or the plotted data as CSV)"};
    app.name("assay render");
    std::string session;
    bool demo = false;
    FigureOptions top;
    app.add_option("--session", session, "render every figure of every view in this .assay session");
    app.add_flag("--demo", demo, "render every figure of every view's built-in demo");
    addFigureOptions(app, top, "folder for <view>-<figure>.png");
    app.require_subcommand(0, 1);

    struct ViewCommand {
        QString id;
        CLI::App* cmd;
        CalibrationOptions calibration;
        std::string figure;
        std::vector<std::string> sets;
        FigureOptions figureOptions;
    };
    std::vector<std::unique_ptr<ViewCommand>> commands;
    for (const views::ViewEntry& entry : renderer.registry().views()) {
        auto c = std::make_unique<ViewCommand>();
        c->id = entry.id;
        c->cmd = app.add_subcommand(entry.id.toStdString(), "one figure of the " + entry.title.toStdString() + " view");
        if (entry.id == QLatin1String("calibration")) {
            addCalibrationOptions(*c->cmd, c->calibration);
            c->cmd->add_option("--figure,-f", c->figure, "coverage, setsize, pvalues, crossdomain or stratified");
        } else {
            c->cmd->add_option("--input,-i", c->calibration.input, "input file");
            c->cmd->add_flag("--demo", c->calibration.demo, "the built-in demo");
            c->cmd->add_option("--figure,-f", c->figure, "figure id (default: the view's first)");
        }
        c->cmd->add_option("--set", c->sets, "a view setting key=value, as in sessions (e.g. --set layer=1 --set topT=5)");
        addFigureOptions(*c->cmd, c->figureOptions, "output file: .png .pdf .svg or .csv");
        commands.push_back(std::move(c));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }

    try {
        for (const auto& c : commands) {
            if (c->cmd->parsed()) {
                if (!session.empty() || demo)
                    throw ParameterError("--session/--demo", "go before a view name only without one");
                if (c->calibration.input.empty() && !c->calibration.demo)
                    throw ParameterError("--input/--demo", "give an input file or --demo");
                return renderView(renderer, c->id, c->calibration, c->sets, c->figure, c->figureOptions);
            }
        }
        if (session.empty() == !demo)
            throw ParameterError("render", "give a view name (" + renderer.registry().ids().join(QStringLiteral(", ")).toStdString() +
                                               "), --session S or --demo, with --out");
        return demo ? renderDemo(renderer, top) : renderSession(renderer, session, top);
    } catch (const core::Error& e) {
        std::cerr << "assay render: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "assay render: internal error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace assay::app
