// assay: the window (`assay`, `assay --demo`, `assay FILE`) and `assay render ...` (no display).
// Exit codes: 0 done; 2 bad arguments, input or ASSAY_DEVICE (message on stderr).
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <QApplication>
#include <QTimer>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/app_style.h"
#include "app/main_window.h"
#include "app/render_command.h"
#include "app/run/help_format.h"
#include "app/view_list.h"
#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "views/common/view_registry.h"

namespace {

// Qt warns "QStandardPaths: XDG_RUNTIME_DIR not set" on every run where the session has none
// (containers, ssh, CI): give it a private folder (mode 0700, as the XDG spec asks) instead.
void ensureRuntimeDir() {
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) return;
    const std::string dir = "/tmp/runtime-assay-" + std::to_string(::getuid());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return;
    struct stat st {};
    // Only a folder that is ours and private; otherwise leave the variable unset (Qt just warns).
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()) return;
    if ((st.st_mode & 0777) != 0700 && ::chmod(dir.c_str(), 0700) != 0) return;
    qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir));
}

// Under the offscreen platform Qt prints "This plugin does not support propagateSizeHints()"
// for every window it lays out: noise in `assay render`'s output, so that one message is dropped.
QtMessageHandler g_defaultHandler = nullptr;
void renderMessageHandler(QtMsgType type, const QMessageLogContext& context,
                          const QString& message) {
    if (message.contains(QLatin1String("does not support propagateSizeHints"))) return;
    if (g_defaultHandler)
        g_defaultHandler(type, context, message);
    else
        std::cerr << qFormatLogMessage(type, context, message).toStdString() << "\n";
}

void printVersion() {
    const auto v = assay::core::runtimeVersions();
    std::cout << "assay " << v.assay << "\nLibTorch " << v.libtorch << "\nQt " << qVersion()
              << "\nCUDA in LibTorch: " << (v.torchHasCuda ? "yes" : "no")
              << "\nAssay CUDA kernels: " << (v.kernelsCompiled ? "compiled in" : "not compiled in")
              << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const bool render = argc > 1 && std::strcmp(argv[1], "render") == 0;
    if (argc > 1 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-v") == 0)) {
        printVersion();
        return 0;
    }
    // The platform must be chosen before QApplication exists: render never needs a display, and
    // without one the window falls back to offscreen instead of aborting.
    const bool noDisplay =
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if (render || (noDisplay && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (render || qgetenv("QT_QPA_PLATFORM") == "offscreen")
        g_defaultHandler = qInstallMessageHandler(renderMessageHandler);
    ensureRuntimeDir();
    // QApplication removes the arguments it knows (-session, -style, ...) from argv; the render
    // command parses its own copy so that `--session S` reaches it.
    std::vector<std::string> original(argv, argv + argc);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Assay"));
    QApplication::setApplicationName(QStringLiteral("assay"));
    QApplication::setApplicationVersion(
        QString::fromStdString(assay::core::runtimeVersions().assay));
    assay::app::initAppResources();
    try {
        assay::core::initRuntime();
    } catch (const assay::core::Error& e) {
        std::cerr << "assay: " << e.what() << "\n";
        return 2;
    }
    if (render) {
        std::vector<char*> args;
        for (std::size_t i = 1; i < original.size(); ++i) args.push_back(original[i].data());
        return assay::app::runRenderCommand(int(args.size()), args.data());
    }

    // The window's options, in the style of every Assay command line (app/run/help_format.h).
    assay::views::ViewRegistry registry;
    assay::app::registerViews(registry);
    CLI::App cli{"Assay: a workbench for inspecting how large models behave."};
    cli.name("assay");
    assay::app::useAssayHelp(cli, "assay");
    bool demo = false, version = false;
    std::vector<std::string> files;
    cli.add_flag("--demo", demo, "open every view's built-in demo (each when first shown)");
    cli.add_flag("--version,-v", version,
                 "print the versions of Assay, LibTorch, Qt and CUDA, and exit");
    cli.add_option("file", files, "a data file or an .assay session to open")
        ->option_text("[FILE]");
    cli.footer(
        "Without a window:\n"
        "  assay render <view> (--demo | --input FILE) --out FILE   one figure of a view\n"
        "  assay render --session FILE --out DIR   every figure of a session\n"
        "  assay render --demo --out DIR   every figure of every view's demo\n"
        "Views: " +
        registry.ids().join(QStringLiteral(", ")).toStdString() +
        ". `assay render <view> --help` lists a view's settings, `assay render <view> "
        "--figure` its figures; assay-run runs the analyses without Qt.");
    try {
        cli.parse(argc, argv);  // what QApplication left: it takes its own (-style, ...)
    } catch (const CLI::CallForHelp& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        cli.exit(e);
        return 2;
    }
    if (version) {
        printVersion();
        return 0;
    }
    if (files.size() > 1) {
        std::cerr << "assay: " << files[1] << ": give at most one file to open\n";
        return 2;
    }

    assay::app::MainWindow window(registry);
    window.show();
    if (demo)
        window.openDemos();
    else if (!files.empty())
        window.openPath(QString::fromStdString(files.front()));
    return app.exec();
}
