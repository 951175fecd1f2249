// Every figure of every registered view, exported as SVG in every theme at 100 and 300 dpi, shows
// each string whole: no title, axis or tick label, legend entry, colour-bar label or cell number
// leaves the canvas or runs into another. Checked from the exported file's text positions
// (tests/views/common/svg_text_layout.h), so it holds for what users get, not for the widgets.
// Besides the demos, two inputs of realistic size: 14 calibration groups (MMLU-like subject
// names) and a trace of 64 experts, top-8.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>

#include "app/view_list.h"
#include "assay/io/safetensors.h"
#include "tests/views/common/svg_text_layout.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app {
namespace {

using views::layoutcheck::readSvgTextLayout;
using views::layoutcheck::SvgTextLayout;
using views::layoutcheck::textLayoutProblems;

constexpr double kTolerancePx = 1.0;

std::unique_ptr<views::ViewBase> makeView(const QString& id, views::JobRunner& runner) {
    views::ViewRegistry registry;
    registerViews(registry);
    return std::unique_ptr<views::ViewBase>(registry.create(id, runner));
}

QString layoutSignature(const SvgTextLayout& layout) {
    QStringList lines;
    for (const auto& t : layout.texts) {
        const QRectF r = t.box.boundingRect();
        lines << QStringLiteral("%1 %2 %3").arg(t.text).arg(r.x(), 0, 'f', 2).arg(r.y(), 0, 'f', 2);
    }
    return lines.join(QLatin1Char('\n'));
}

// Exports `figure` in every theme at 100 and 300 dpi and checks the text layout of each file.
void expectWholeLabels(views::ViewBase& view, const QString& figure, const QString& dirPath) {
    for (views::Theme theme : {views::Theme::Paper, views::Theme::Light, views::Theme::Dark,
                               views::Theme::Presentation}) {
        QString atLowDpi;
        for (int dpi : {100, 300}) {
            const QString path =
                QDir(dirPath).filePath(QStringLiteral("%1-%2-%3-%4.svg")
                                           .arg(view.viewId(), figure, views::themeName(theme))
                                           .arg(dpi));
            views::ExportOptions options;
            options.dpi = dpi;
            options.theme = theme;
            ASSERT_NO_THROW(view.exportFigure(figure, path, options)) << path.toStdString();
            const SvgTextLayout layout = readSvgTextLayout(path);
            const std::string where = path.toStdString();
            ASSERT_FALSE(layout.viewBox.isEmpty()) << where;
            EXPECT_FALSE(layout.texts.isEmpty()) << where << ": no text at all";
            const QStringList problems = textLayoutProblems(layout, kTolerancePx);
            EXPECT_TRUE(problems.isEmpty())
                << where << ": " << problems.size() << " problems, e.g.\n"
                << problems.mid(0, 6).join(QLatin1Char('\n')).toStdString();
            // A higher resolution gives more pixels, never another layout.
            if (dpi == 100) {
                atLowDpi = layoutSignature(layout);
            } else {
                const QStringList a = atLowDpi.split(QLatin1Char('\n')),
                                  b = layoutSignature(layout).split(QLatin1Char('\n'));
                int first = 0;
                while (first < a.size() && first < b.size() && a[first] == b[first]) ++first;
                EXPECT_TRUE(a == b) << where << ": the layout differs from 100 dpi's, first at \""
                                    << b.value(first).toStdString() << "\" (100 dpi: \""
                                    << a.value(first).toStdString() << "\")";
            }
        }
    }
}

void expectEveryFigureWhole(views::ViewBase& view, const QStringList& figures) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    for (const QString& figure : figures) {
        if (!view.figureUnavailable(figure).isEmpty())
            continue;  // e.g. C2R figures of a trace without router logits
        expectWholeLabels(view, figure, dir.path());
    }
}

TEST(FigureLayout, EveryDemoFigureShowsEveryLabelWhole) {
    views::ViewRegistry registry;
    registerViews(registry);
    views::JobRunner runner;
    for (const views::ViewEntry& entry : registry.views()) {
        std::unique_ptr<views::ViewBase> view(registry.create(entry.id, runner));
        view->openDemo();
        ASSERT_TRUE(view->waitUntilIdle(120000)) << entry.id.toStdString();
        expectEveryFigureWhole(*view, view->figureIds());
    }
}

// 14 subjects, 4 options, 20 sampled answers; harder subjects have flatter probabilities.
QString writeFourteenGroups(const QString& dirPath) {
    const QStringList groups = {
        "abstract_algebra",    "anatomy",         "astronomy",         "business_ethics",
        "clinical_knowledge",  "college_biology", "college_chemistry", "college_medicine",
        "computer_security",   "econometrics",    "formal_logic",      "global_facts",
        "high_school_physics", "jurisprudence"};
    std::mt19937_64 rng(14);
    std::normal_distribution<double> noise(0.0, 1.0);
    QString csv = QStringLiteral("gold,p_A,p_B,p_C,p_D,freq_A,freq_B,freq_C,freq_D,group\n");
    for (int g = 0; g < groups.size(); ++g)
        for (int i = 0; i < 90; ++i) {
            const int gold = int(rng() % 4);
            double p[4], sum = 0;
            for (int k = 0; k < 4; ++k) {
                p[k] = std::exp(noise(rng) + (k == gold ? 2.5 - 0.12 * g : 0.0));
                sum += p[k];
            }
            int counts[4] = {0, 0, 0, 0};
            for (int m = 0; m < 20; ++m) {
                double u = std::uniform_real_distribution<double>(0, sum)(rng);
                int k = 0;
                while (k < 3 && u > p[k]) u -= p[k++];
                ++counts[k];
            }
            csv += QLatin1Char("ABCD"[gold]);
            for (double v : p) csv += QStringLiteral(",%1").arg(v / sum, 0, 'f', 6);
            for (int c : counts) csv += QStringLiteral(",%1").arg(c / 20.0);
            csv += QLatin1Char(',') + groups[g] + QLatin1Char('\n');
        }
    const QString path = QDir(dirPath).filePath(QStringLiteral("mmlu14.csv"));
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(csv.toUtf8());
    return path;
}

TEST(FigureLayout, CrossDomainWithFourteenGroupsStaysReadable) {
    QTemporaryDir dir;
    views::JobRunner runner;
    auto view = makeView(QStringLiteral("calibration"), runner);
    view->openFile(writeFourteenGroups(dir.path()));
    ASSERT_TRUE(view->waitUntilIdle(120000));
    ASSERT_TRUE(view->figureUnavailable(QStringLiteral("crossdomain")).isEmpty());
    expectEveryFigureWhole(*view, {QStringLiteral("crossdomain")});
}

// 64 experts, top-8, 4 layers, router logits and 3 domains: each domain prefers 16 experts.
QString writeSixtyFourExperts(const QString& dirPath) {
    constexpr int kTokens = 1500, kExperts = 64, kTop = 8, kLayers = 4, kDomains = 3;
    std::mt19937_64 rng(64);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<core::io::TensorToWrite> tensors;
    std::vector<std::int64_t> domain(kTokens);
    for (int t = 0; t < kTokens; ++t) domain[t] = t % kDomains;
    for (int l = 0; l < kLayers; ++l) {
        std::vector<double> logits(std::size_t(kTokens) * kExperts);
        std::vector<std::int64_t> top(std::size_t(kTokens) * kTop);
        for (int t = 0; t < kTokens; ++t) {
            double* row = &logits[std::size_t(t) * kExperts];
            for (int e = 0; e < kExperts; ++e)
                row[e] = noise(rng) + ((e + 7 * l) / 16 % 4 == domain[t] ? 1.5 : 0.0);
            std::vector<int> order(kExperts);
            std::iota(order.begin(), order.end(), 0);
            std::partial_sort(order.begin(), order.begin() + kTop, order.end(),
                              [&](int a, int b) { return row[a] > row[b]; });
            for (int k = 0; k < kTop; ++k) top[std::size_t(t) * kTop + k] = order[k];
        }
        const std::string prefix = "layers." + std::to_string(l);
        tensors.push_back(core::io::tensorFromInt64(prefix + ".topk_idx", top, {kTokens, kTop}));
        tensors.push_back(
            core::io::tensorFromDoubles(prefix + ".router_logits", logits, {kTokens, kExperts}));
    }
    tensors.push_back(core::io::tensorFromInt64("domain", domain, {kTokens}));
    const QString path = QDir(dirPath).filePath(QStringLiteral("moe64.safetensors"));
    core::io::writeSafetensors(path.toStdString(), tensors,
                               {{"num_experts", "64"},
                                {"top_k", "8"},
                                {"model", "synthetic-64"},
                                {"domain_names", R"(["code", "mathematics", "french"])"}});
    return path;
}

TEST(FigureLayout, ExpertHeatmapsWithSixtyFourExpertsStayReadable) {
    QTemporaryDir dir;
    views::JobRunner runner;
    auto view = makeView(QStringLiteral("experts"), runner);
    view->openFile(writeSixtyFourExperts(dir.path()));
    ASSERT_TRUE(view->waitUntilIdle(240000));
    ASSERT_TRUE(view->figureUnavailable(QStringLiteral("heatmap")).isEmpty());
    expectEveryFigureWhole(
        *view, {QStringLiteral("heatmap"), QStringLiteral("entropy"), QStringLiteral("domains")});
}

}  // namespace
}  // namespace assay::app
