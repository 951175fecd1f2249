#pragma once
// The help and error style of Assay's command lines, shared by `assay-run`, `assay` and
// `assay render` (header-only: assay-run links no Qt, the window no assay-run code).
//  - Help: every option shows what it takes in words (`--tokens N`, `--input FILE`, `--map
//    ROLE=NAME`), its default at the end of its description ("(default 10)"), and no CLI11 type
//    noise (`UINT:UINT64=10`, `INT:INT in [1 - 1000000]`); every line fits in 100 columns.
//  - Errors: "<program>: --option: what is wrong" (CLI11's own messages are rephrased so), as
//    core's errors read: "<program>: FILE: field: what is wrong".
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace assay::app {

inline constexpr std::size_t kHelpWidth = 100;

// Wraps one line at spaces to `width` columns; continuation lines are indented like the text
// after the first run of two or more spaces (a "name  description" row), else by the line's own
// indentation plus four (an indented list entry) or not at all (a paragraph).
inline std::string wrapLine(const std::string& line, std::size_t width = kHelpWidth) {
    if (line.size() <= width) return line;
    const std::size_t lead = line.find_first_not_of(' ');
    std::size_t hang = lead == std::string::npos || lead == 0 ? 0 : lead + 4;
    if (lead != std::string::npos) {
        const std::size_t gap = line.find("  ", lead);
        if (gap != std::string::npos) {
            const std::size_t text = line.find_first_not_of(' ', gap);
            if (text != std::string::npos && text < width / 2) hang = text;
        }
    }
    std::string out, current = line;
    while (current.size() > width) {
        std::size_t cut = current.rfind(' ', width);
        if (cut == std::string::npos || cut <= hang) cut = current.find(' ', width);  // a long word
        if (cut == std::string::npos) break;
        out += current.substr(0, cut) + "\n";
        const std::size_t next = current.find_first_not_of(' ', cut);
        current = std::string(hang, ' ') + (next == std::string::npos ? "" : current.substr(next));
    }
    return out + current;
}

// Every line of `text` wrapped (see wrapLine).
inline std::string wrapText(const std::string& text, std::size_t width = kHelpWidth) {
    std::istringstream in(text);
    std::string line, out;
    bool first = true;
    while (std::getline(in, line)) {
        out += (first ? "" : "\n") + wrapLine(line, width);
        first = false;
    }
    if (!text.empty() && text.back() == '\n') out += "\n";
    return out;
}

// What an option takes, in words, from its name and CLI11's type name ("UINT:UINT64",
// "INT:INT in [1 - 1000000]", "TEXT:FILE", "FLOAT"), for options that set no option_text.
inline std::string helpValueName(const CLI::Option* opt) {
    const std::string type = opt->get_type_name();
    const std::string base = type.substr(0, type.find(':'));
    std::string name = opt->get_name(false, false);  // "--input" (or "-i" when it has no long one)
    name.erase(0, name.find_first_not_of('-'));
    auto has = [&](const char* word) { return type.find(word) != std::string::npos; };
    std::string value;
    if (name == "map")
        value = "ROLE=NAME";
    else if (name == "set")
        value = "KEY=VALUE";
    else if (has("DIR"))
        value = "DIR";
    else if (has("FILE") || name == "input" || name == "out" || name == "collab" ||
             name == "trace" || name == "session" || name.find("file") != std::string::npos)
        value = "FILE";
    else if (base == "INT" || base == "UINT")
        value = "N";
    else if (base == "FLOAT" || base == "NUMBER")
        value = "NUMBER";
    else if (base == "BOOLEAN" || base == "BOOL")
        value = "true|false";
    else if (base == "TEXT" || base.empty())
        value = "NAME";
    else
        value = base;  // a type name an option chose itself ("GROUP", "LIST", ...)
    const int expected = opt->get_expected_min();
    if (expected > 1) {
        std::string one = value;
        for (int i = 1; i < expected; ++i) value += "," + one;
    } else if (opt->get_expected_max() >= CLI::detail::expected_max_vector_size) {
        value += " ...";
    }
    return value;
}

class HelpFormatter : public CLI::Formatter {
public:
    HelpFormatter() { column_width(30); }

    std::string make_option_opts(const CLI::Option* opt) const override {
        if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
        if (opt->get_expected_max() == 0) return {};  // a flag takes nothing
        return " " + helpValueName(opt);
    }

    std::string make_option_desc(const CLI::Option* opt) const override {
        std::string desc = opt->get_description();
        std::string def = opt->get_default_str();
        if (def.size() >= 2 && def.front() == '[' && def.back() == ']')
            def = def.substr(1, def.size() - 2);  // a list: "0,1", as it is typed
        if (!def.empty() && opt->get_expected_max() != 0 &&
            desc.find("default") == std::string::npos)
            desc += " (default " + def + ")";
        if (opt->get_required()) desc += " (required)";
        for (const CLI::Option* other : opt->get_excludes())
            desc += " (not with " + other->get_name() + ")";
        for (const CLI::Option* other : opt->get_needs())
            desc += " (needs " + other->get_name() + ")";
        return desc;
    }

    std::string make_option(const CLI::Option* opt, bool positional) const override {
        if (positional) {  // "FILE": the name says what it takes
            std::string name = opt->get_name(true, false);
            for (char& ch : name) ch = char(std::toupper(static_cast<unsigned char>(ch)));
            return row(name, make_option_desc(opt));
        }
        return row(make_option_name(opt, false) + make_option_opts(opt), make_option_desc(opt));
    }

    std::string make_option_usage(const CLI::Option* opt) const override {
        std::string name = opt->get_name(true, false);
        for (char& ch : name) ch = char(std::toupper(static_cast<unsigned char>(ch)));
        if (opt->get_expected_max() >= CLI::detail::expected_max_vector_size) name += "...";
        return opt->get_required() ? name : "[" + name + "]";
    }

    std::string make_subcommand(const CLI::App* sub) const override {
        return row(sub->get_display_name(true), sub->get_description());
    }

    std::string make_description(const CLI::App* app) const override {
        const std::string d = app->get_description();
        return d.empty() ? std::string() : wrapText(d) + "\n";
    }

    std::string make_footer(const CLI::App* app) const override {
        const std::string f = app->get_footer();
        return f.empty() ? std::string() : wrapText(f) + "\n";
    }

    std::string make_help(const CLI::App* app, std::string name,
                          CLI::AppFormatMode mode) const override {
        return wrapText(CLI::Formatter::make_help(app, std::move(name), mode));
    }

private:
    // "  name   description", the description wrapped beside the name's column.
    std::string row(const std::string& name, const std::string& desc) const {
        std::string line = "  " + name;
        if (desc.empty()) return line + "\n";
        const std::size_t col = get_column_width();
        std::string out;
        if (line.size() + 2 > col) {
            out = line + "\n";
            line.clear();
        }
        line.resize(col, ' ');
        std::istringstream words(desc);
        std::string word;
        bool empty = true;
        while (words >> word) {
            if (!empty && line.size() + 1 + word.size() > kHelpWidth) {
                out += line + "\n";
                line = std::string(col, ' ');
                empty = true;
            }
            line += (empty ? "" : " ") + word;
            empty = false;
        }
        return out + line + "\n";
    }
};

// A CLI11 parse error in the one style: "--option: what is wrong" (no CLI11 type names).
// `app` is the command whose parse failed (the commands it offers are named).
// `commandWord` is what its subcommands are ("command"; "view" for `assay render`).
inline std::string cliErrorText(const CLI::App* app, const CLI::Error& e,
                                const std::string& commandWord = "command") {
    const std::string what = e.what();
    const std::string kind = e.get_name();
    std::smatch m;
    // ExtrasError from a subcommand carries that subcommand's name as its own: match the text.
    if (what.find("not expected: ") != std::string::npos) {
        static const std::regex extras("arguments? (were|was) not expected: (.*)");
        const std::string args = std::regex_search(what, m, extras) ? m[2].str() : what;
        bool ranOne = false;
        std::string names;
        for (const CLI::App* sub : app->get_subcommands({})) {
            ranOne = ranOne || sub->parsed();
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        if (!ranOne && !names.empty() && args[0] != '-')  // a misspelt command
            return args + ": not a " + commandWord + " (expected " + names + ")";
        return args + ": not an option or " + commandWord + " here (see --help)";
    }
    if (kind == "ConversionError") {
        static const std::regex conv("Could not convert: (\\S+) = (.*)");
        if (std::regex_search(what, m, conv))
            return m[1].str() + ": '" + m[2].str() + "' is not a value it takes (see --help)";
        static const std::regex allowed("The value (.*) is not an allowed value for (\\S+)");
        if (std::regex_search(what, m, allowed))
            return m[2].str() + ": '" + m[1].str() + "' is not a value it takes (see --help)";
    }
    if (kind == "ArgumentMismatch") {
        static const std::regex name("(-{1,2}[A-Za-z0-9][-A-Za-z0-9_]*)");
        static const std::regex count("(\\d+) required but received (\\d+)");
        static const std::regex exactly(
            "Expected (exactly|at least) (\\d+) arguments to \\S+, got (\\d+)");
        std::smatch c;
        if (std::regex_search(what, m, name)) {
            std::string wants = "needs a value";
            if (std::regex_search(what, c, count) || std::regex_search(what, c, exactly))
                wants = "takes " + c[c.size() - 2].str() + " values, got " + c[c.size() - 1].str();
            return m[1].str() + ": " + wants + " (see --help)";
        }
    }
    if (kind == "ValidationError") {
        // CLI::ExistingFile and friends: "FILE: no such file", as core's input errors read.
        static const std::regex missing("^(\\S+): (File|Directory|Path) does not exist: (.*)");
        if (std::regex_search(what, m, missing)) {
            const std::string thing = m[2].str() == "Directory" ? "folder" : "file";
            return m[3].str() + ": no such " + thing + " (given to " + m[1].str() + ")";
        }
        static const std::regex range("^(\\S+): Value (.*) not in range (\\S+) to (\\S+)");
        if (std::regex_search(what, m, range))
            return m[1].str() + ": " + m[2].str() + " is outside " + m[3].str() + ".." + m[4].str();
    }
    if (kind == "RequiredError") {
        if (what.find("subcommand") != std::string::npos) {
            std::string names;
            for (const CLI::App* sub : app->get_subcommands({}))
                names += (names.empty() ? "" : ", ") + sub->get_name();
            const std::vector<std::string> rest = app->remaining();
            return (rest.empty() ? std::string() : rest.front() + ": not a " + commandWord + "; ") +
                   "give a " + commandWord + ": " + names;
        }
        static const std::regex req("^(\\S+) is required");
        if (std::regex_search(what, m, req)) {
            std::string name = m[1].str();
            if (name[0] != '-')  // a positional argument: named as the help shows it ("FILE")
                for (char& ch : name) ch = char(std::toupper(static_cast<unsigned char>(ch)));
            return name + ": is required";
        }
    }
    if (kind == "ExcludesError") {
        static const std::regex ex("(\\S+) excludes (\\S+)");
        if (std::regex_search(what, m, ex))
            return m[1].str() + ": give it or " + m[2].str() + ", not both";
    }
    // ValidationError and the rest already read "--option: problem"; drop CLI11's type words.
    std::string text = what;
    for (const char* noise : {"UINT64", "UINT", "INT", "FLOAT", "TEXT"}) {
        const std::string word = std::string(":") + noise;
        for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word))
            text.erase(at, word.size());
    }
    return text;
}

// A message "name: problem" from core (a ParameterError names the parameter as the analysis
// does: "alpha") read as "--name: problem" when the command that ran has that option, so that
// every argument error names the option the user typed.
inline std::string optionStyle(const CLI::App& app, const std::string& message) {
    const std::size_t colon = message.find(": ");
    if (colon == std::string::npos || colon == 0 || message[0] == '-') return message;
    std::string name = message.substr(0, colon);
    if (name.find_first_of(" /.") != std::string::npos) return message;  // a file, a path
    std::replace(name.begin(), name.end(), '_', '-');
    std::vector<const CLI::App*> ran{&app};
    for (const CLI::App* sub : app.get_subcommands({}))
        if (sub->parsed()) ran.push_back(sub);
    for (const CLI::App* cmd : ran) {
        for (const CLI::Option* opt : cmd->get_options({})) {
            if (opt->check_lname(name)) return "--" + name + message.substr(colon);
        }
    }
    return message;
}

// Installs the formatter (subcommands added afterwards inherit it) and the error style.
inline void useAssayHelp(CLI::App& app, const std::string& program,
                         const std::string& commandWord = "command") {
    app.formatter(std::make_shared<HelpFormatter>());
    app.failure_message([program, commandWord](const CLI::App* failed, const CLI::Error& e) {
        return program + ": " + cliErrorText(failed, e, commandWord) + "\n";
    });
}

}  // namespace assay::app
