#include "app/render_command.h"

#include <CLI/CLI.hpp>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>

#include "app/run/help_format.h"
#include "app/session_file.h"
#include "app/view_list.h"
#include "app/window_capture.h"
#include "assay/core/error.h"
#include "views/common/job_runner.h"
#include "views/common/settings_spec.h"
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

void addFigureOptions(CLI::App& cmd, FigureOptions& f, const char* outHelp, const char* outValue) {
    cmd.add_option("--out,-o", f.out, outHelp)->option_text(outValue);
    cmd.add_option("--dpi", f.dpi, "PNG resolution in dots per inch, 36..2400")
        ->capture_default_str();
    cmd.add_option("--width", f.width, "figure width in pixels (0: the figure's own size)")
        ->option_text("PX");
    cmd.add_option("--height", f.height, "figure height in pixels (0: keep the aspect ratio)")
        ->option_text("PX");
    cmd.add_option("--theme", f.theme,
                   "paper, light, dark or presentation (default: light, or the session's)")
        ->option_text("NAME");
}

views::ExportOptions exportOptions(const FigureOptions& f) {
    if (f.out.empty()) throw ParameterError("--out", "is required");
    if (f.dpi < 36 || f.dpi > 2400)
        throw ParameterError("--dpi", std::to_string(f.dpi) + " is outside [36, 2400]");
    if (f.width < 0 || f.height < 0)
        throw ParameterError("--width/--height", "must not be negative");
    views::ExportOptions o;
    o.dpi = f.dpi;
    o.widthPx = f.width;
    o.heightPx = f.height;
    if (!f.theme.empty()) o.theme = views::themeFromName(QString::fromStdString(f.theme));
    return o;
}

// Creates views on one runner and collects what they report as errors.
class Renderer {
public:
    Renderer() { registerViews(m_registry); }

    ViewBase* create(const QString& id) {
        ViewBase* v = m_registry.create(id, m_runner);
        m_owned.emplace_back(v);
        v->resize(900, 600);  // laid out as on a screen, never shown
        QObject::connect(v, &ViewBase::errorOccurred, [this](const QString& m) { m_errors << m; });
        return v;
    }

    // Waits until the view and the runner are idle; throws for a timeout or a reported error.
    void settle(ViewBase* v) {
        for (int round = 0; round < 4; ++round) {  // a result may start a follow-up job
            if (!v->waitUntilIdle(kIdleTimeoutMs) || !m_runner.waitForIdle(kIdleTimeoutMs))
                throw core::ResourceError(v->viewId().toStdString() + ": still computing after " +
                                          std::to_string(kIdleTimeoutMs / 1000) + " s");
            if (!v->isBusy() && !m_runner.isBusy()) break;
        }
        if (!m_errors.isEmpty())
            throw core::InputError(m_errors.join(QLatin1Char('\n')).toStdString());
    }

    void exportAll(ViewBase* v, const QString& dir, const views::ExportOptions& options) {
        for (const QString& figure : v->figureIds()) {
            if (const QString why = v->figureUnavailable(figure); !why.isEmpty()) {
                std::cerr << "assay render: " << v->viewId().toStdString() << "-"
                          << figure.toStdString() << " skipped: " << why.toStdString() << "\n";
                continue;
            }
            const QString path = QDir(dir).filePath(v->viewId() + QLatin1Char('-') + figure +
                                                    QStringLiteral(".png"));
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

void makeDir(const std::string& dir) {
    if (!QDir().mkpath(QString::fromStdString(dir)))
        throw core::OutputError(dir + ": cannot create the folder");
}

// What `assay render <view>` was given: --<key> options and --set key=value pairs, as text.
struct ViewCommand {
    const views::ViewEntry* entry = nullptr;
    CLI::App* cmd = nullptr;
    std::string input;
    bool demo = false;
    std::string figure;
    std::vector<std::string> sets;
    std::map<std::string, std::string> options;  // setting key -> text (from --<key>)
    std::vector<std::string> maps;               // --map role=name (repeatable)
    FigureOptions figureOptions;
};

// Every value checked against the view's declaration before any work: an out-of-range value or
// an unknown key is exit code 2, with the key, the value and what is allowed.
QVariantMap checkedSettings(const ViewCommand& c) {
    const views::SettingsSpec& spec = c.entry->settings;
    QVariantMap map;
    auto put = [&](const QString& key, const QString& text) {
        const views::SettingSpec* s = spec.find(key);
        if (!s)
            throw ParameterError("--set", "'" + key.toStdString() + "' is not a setting of " +
                                              c.entry->id.toStdString() + " (expected one of " +
                                              spec.keys().join(QStringLiteral(", ")).toStdString() +
                                              ")");
        map.insert(s->key, spec.parse(s->key, text));
    };
    for (const auto& [key, text] : c.options)
        put(QString::fromStdString(key), QString::fromStdString(text));
    if (!c.maps.empty()) {
        QStringList entries;
        for (const std::string& m : c.maps) entries << QString::fromStdString(m);
        put(QStringLiteral("map"), entries.join(QLatin1Char(',')));
    }
    for (const std::string& item : c.sets) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw ParameterError("--set", "'" + item + "' is not key=value");
        try {
            put(QString::fromStdString(item.substr(0, eq)),
                QString::fromStdString(item.substr(eq + 1)));
        } catch (const ParameterError& e) {
            const std::string what = e.what();
            if (what.rfind("--set: ", 0) == 0) throw;
            throw ParameterError("--set", what);  // "--set: alpha: '2' is outside (0, 1)"
        }
    }
    return map;
}

int renderView(Renderer& r, const ViewCommand& c) {
    const views::ExportOptions options = exportOptions(c.figureOptions);
    const QString out = QString::fromStdString(c.figureOptions.out);
    views::exportFormatFor(out);  // unknown extension: error before any work
    if (!c.input.empty() && c.demo)
        throw ParameterError("--input/--demo", "give one of them, not both");
    if (c.input.empty() && !c.demo)
        throw ParameterError("--input/--demo", "give an input file or --demo");
    const QString figure =
        c.figure.empty() ? c.entry->figures.value(0) : QString::fromStdString(c.figure);
    if (!c.entry->figures.contains(figure))
        throw ParameterError("--figure",
                             "'" + figure.toStdString() + "' is not a figure of " +
                                 c.entry->id.toStdString() + " (expected " +
                                 c.entry->figures.join(QStringLiteral(", ")).toStdString() + ")");
    const QVariantMap settings = checkedSettings(c);
    ViewBase* v = r.create(c.entry->id);
    if (!settings.isEmpty() && !v->applySettings(settings)) r.settle(v);  // reports the refusal
    if (c.input.empty())
        v->openDemo();
    else
        v->openFile(QFileInfo(QString::fromStdString(c.input)).absoluteFilePath());
    r.settle(v);  // limits only the data knows (a layer, a group) are refused here: exit 2
    if (const QString why = v->figureUnavailable(figure); !why.isEmpty())
        throw ParameterError("--figure", why.toStdString());
    QFileInfo(out).absoluteDir().mkpath(QStringLiteral("."));
    v->exportFigure(figure, out, options);
    std::cout << QDir::toNativeSeparators(out).toStdString() << "\n";
    return 0;
}

// The --<key> options of a view's subcommand, from its declaration (aliases that are valid
// option names too, so `--topT` and `--T` keep working).
void addSettingOptions(ViewCommand& c) {
    for (const views::SettingSpec& s : c.entry->settings.all()) {
        if (s.key == QLatin1String("map")) {
            c.cmd->add_option("--map", c.maps, s.tooltip.toStdString());
            continue;
        }
        std::string names = "--" + s.key.toStdString();
        for (const QString& alias : s.aliases) names += ",--" + alias.toStdString();
        const QString def = views::settingText(s.defaultValue);
        const std::string help = s.tooltip.toStdString() + " (" +
                                 views::SettingsSpec::allowed(s).toStdString() + "; default " +
                                 (def.isEmpty() ? std::string("none") : def.toStdString()) + ")";
        // What the option takes, in words (the help shows no CLI11 type names).
        QString type = s.type == views::SettingType::Int      ? QStringLiteral("N")
                       : s.type == views::SettingType::Double ? QStringLiteral("NUMBER")
                       : s.type == views::SettingType::Bool   ? QStringLiteral("true|false")
                       : s.type == views::SettingType::Choice ? QStringLiteral("NAME")
                       : s.type == views::SettingType::Group  ? QStringLiteral("GROUP")
                                                              : QStringLiteral("VALUE");
        if (s.type == views::SettingType::IntList || s.type == views::SettingType::DoubleList) {
            const QString one = s.type == views::SettingType::IntList ? QStringLiteral("N")
                                                                      : QStringLiteral("NUMBER");
            type = s.count > 0 ? QStringList(s.count, one).join(QLatin1Char(','))
                               : one + QStringLiteral(",...");
        }
        c.cmd
            ->add_option_function<std::string>(
                names,
                [&c, key = s.key.toStdString()](const std::string& v) { c.options[key] = v; }, help)
            ->option_text(type.toStdString());
    }
}

// The --set example of a view's help, from its own keys: its first number and that number's
// default ("alpha=0.1" for Calibration, "top-t=3" for Experts).
std::string setExample(const views::SettingsSpec& spec) {
    for (const views::SettingSpec& s : spec.all())
        if (s.type == views::SettingType::Double || s.type == views::SettingType::Int)
            return (s.key + QLatin1Char('=') + views::settingText(s.defaultValue)).toStdString();
    return spec.all().isEmpty() ? "key=value" : spec.all().first().key.toStdString() + "=...";
}

int renderDemo(Renderer& r, const FigureOptions& f) {
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

int renderSession(Renderer& r, const std::string& sessionPath, const FigureOptions& f) {
    views::ExportOptions options = exportOptions(f);
    const QString path = QString::fromStdString(sessionPath);
    const Session session = loadSessionFile(path);
    if (!options.theme) options.theme = views::themeFromName(session.theme);
    makeDir(f.out);
    for (auto it = session.views.begin(); it != session.views.end(); ++it) {
        if (!r.registry().find(it.key())) {
            std::cerr << "assay render: warning: " << sessionPath << ": views."
                      << it.key().toStdString() << ": not a view of this Assay; skipped\n";
            continue;
        }
        ViewBase* v = r.create(it.key());
        const QVariantMap map = session.roleMaps.value(it.key()).toObject().toVariantMap();
        if (!map.isEmpty() &&
            it.value()
                .toObject()
                .value(QStringLiteral("settings"))
                .toObject()
                .value(QStringLiteral("map"))
                .toObject()
                .isEmpty() &&
            v->settingsSpec().find(QStringLiteral("map")))
            v->applySettings({{QStringLiteral("map"), map}});
        const QDir dir = sessionDirOf(path);
        v->restoreState(it.value().toObject(), dir);
        // A file changed since the session was saved is said, and rendered as it is now.
        auto warnIfChanged = [&] {
            const auto saved = savedInput(it.value().toObject(), dir);
            if (!saved || saved->sha256.isEmpty()) return;
            const QString text =
                inputChangedWarning(v->title(), *saved, currentHash(v->input(), saved->path), dir);
            if (!text.isEmpty())
                std::cerr << "assay render: warning: " << sessionPath << ": " << text.toStdString()
                          << "\n";
        };
        try {
            r.settle(v);
        } catch (const core::Error&) {
            warnIfChanged();  // perhaps why the load failed
            throw;
        }
        warnIfChanged();
        r.exportAll(v, QString::fromStdString(f.out), options);
    }
    return 0;
}

// `assay render --result R`: the view the window would open R in, then as `assay render <view>
// --input R`.
int renderResult(Renderer& r, const std::string& result, const std::string& figure,
                 const FigureOptions& f) {
    const QString path = QFileInfo(QString::fromStdString(result)).absoluteFilePath();
    if (!QFileInfo::exists(path)) throw core::InputError(result + ": no such file");
    const QStringList views = r.registry().viewsFor(path);
    if (views.isEmpty())
        throw core::InputError(result +
                               ": no view opens this file (render one with assay render "
                               "<view> --input FILE, or see the README's inputs)");
    ViewCommand c;
    c.entry = r.registry().find(views.first());
    c.input = result;
    c.figure = figure;
    c.figureOptions = f;
    std::cerr << "assay render: " << result << " opens in the " << c.entry->title.toStdString()
              << " view\n";
    return renderView(r, c);
}

}  // namespace

int runRenderCommand(int argc, char** argv) {
    Renderer renderer;
    CLI::App app{
        "assay render: figures without a window (PNG, PDF, SVG, or the plotted data as CSV)"};
    app.name("assay render");
    useAssayHelp(app, "assay render", "view");  // before the subcommands, which inherit it
    std::string session, result, resultFigure;
    bool demo = false;
    FigureOptions top;
    app.add_option("--session", session, "render every figure of every view in this .assay session")
        ->option_text("FILE");
    app.add_flag("--demo", demo, "render every figure of every view's built-in demo");
    app.add_option("--result", result,
                   "an assay-run result (merged or not, e.g. coactivation's .safetensors): one "
                   "figure of the view that opens it, --out FILE")
        ->option_text("FILE");
    app.add_option("--figure,-f", resultFigure, "with --result: the figure (default: the first)")
        ->option_text("NAME");
    addFigureOptions(app, top, "folder for <view>-<figure>.png", "DIR");
    app.require_subcommand(0, 1);

    std::vector<std::unique_ptr<ViewCommand>> commands;
    QString keys;
    for (const views::ViewEntry& entry : renderer.registry().views()) {
        auto c = std::make_unique<ViewCommand>();
        c->entry = &entry;
        c->cmd = app.add_subcommand(entry.id.toStdString(),
                                    "one figure of the " + entry.title.toStdString() + " view");
        c->cmd->add_option("--input,-i", c->input,
                           "input file (see the README's inputs for this view)");
        c->cmd->add_flag("--demo", c->demo, "the built-in demo");
        // `--figure` alone lists the figures (and exits), so that a user can ask.
        c->cmd
            ->add_option("--figure,-f", c->figure,
                         "the figure: " + entry.figures.join(QStringLiteral(", ")).toStdString() +
                             " (default: the first; --figure alone lists them)")
            ->expected(0, 1)
            ->option_text("NAME");
        c->cmd->add_option("--set", c->sets,
                           "a setting key=value, as in sessions (e.g. --set " +
                               setExample(entry.settings) +
                               "); every key is also an option --key value");
        addSettingOptions(*c);
        addFigureOptions(*c->cmd, c->figureOptions, "output file: .png .pdf .svg or .csv", "FILE");
        const QString list = entry.settings.helpText(2);
        c->cmd->footer("Settings (--set key=value or --key value):\n" + list.toStdString());
        keys += QStringLiteral("\n%1 settings:\n%2\n").arg(entry.id, list);
        commands.push_back(std::move(c));
    }
    app.footer(
        ("Every view's settings (assay render <view> --set key=value):" + keys).toStdString());

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }

    for (const auto& c : commands) {
        if (c->cmd->parsed() && c->cmd->count("--figure") > 0 && c->figure.empty()) {
            std::cout << c->entry->id.toStdString() << " figures (--figure NAME):\n";
            for (const QString& figure : c->entry->figures)
                std::cout << "  " << figure.toStdString() << "\n";
            return 0;
        }
    }
    try {
        for (const auto& c : commands) {
            if (c->cmd->parsed()) {
                if (!session.empty() || demo)
                    throw ParameterError("--session/--demo",
                                         "not with a view name (they render every view)");
                return renderView(renderer, *c);
            }
        }
        if (!result.empty()) {
            if (!session.empty() || demo)
                throw ParameterError("--result", "not with --session or --demo");
            return renderResult(renderer, result, resultFigure, top);
        }
        if (session.empty() == !demo)
            throw ParameterError(
                "<view>", "give a view (" +
                              renderer.registry().ids().join(QStringLiteral(", ")).toStdString() +
                              "), --session FILE or --demo, with --out");
        return demo ? renderDemo(renderer, top) : renderSession(renderer, session, top);
    } catch (const core::Error& e) {
        std::cerr << "assay render: " << optionStyle(app, e.what()) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "assay render: internal error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace assay::app
