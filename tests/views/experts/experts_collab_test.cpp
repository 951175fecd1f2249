// The Experts view on collaboration files (LLaMA-MoE's shape: int64 [32,8,8], zero diagonal)
// and its panel: what the heatmap says it shows, no zero-count links, one colour scale across
// files when asked, the all-layers export, the grouped settings.
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QDoubleSpinBox>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <fstream>
#include <random>

#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "views/common/figure_tabs.h"
#include "views/common/graph_figure.h"
#include "views/common/job_runner.h"
#include "views/common/plot_panel.h"
#include "views/common/settings_panel.h"
#include "views/experts/experts_controller.h"
#include "views/experts/experts_settings.h"
#include "views/experts/experts_view.h"

namespace assay::views {
namespace {

// [32,8,8] int64, symmetric, zero diagonal; `sparse`: most pairs never co-activate (a T = 1
// profile leaves each expert a single partner). `scale` multiplies the planted pairs.
QString collabFile(const QString& path, bool sparse, int scale) {
    const int L = 32, n = 8;
    std::mt19937 rng(5);
    std::vector<std::int64_t> c(std::size_t(L) * n * n, 0);
    for (int l = 0; l < L; ++l)
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const bool pair = i / 2 == j / 2;
                const std::int64_t v = pair ? scale * (100 + rng() % 100) : sparse ? 0 : rng() % 30;
                c[(std::size_t(l) * n + i) * n + j] = c[(std::size_t(l) * n + j) * n + i] = v;
            }
    core::io::writeSafetensors(path.toStdString(),
                               {core::io::tensorFromInt64("collaboration", c, {L, n, n})}, {});
    return path;
}

class ExpertsCollabTest : public ::testing::Test {
protected:
    void SetUp() override {
        view = std::make_unique<ExpertsView>(runner);
        view->resize(1400, 900);
        view->show();
    }
    void open(const QString& path) {
        view->openFile(path);
        ASSERT_TRUE(view->waitUntilIdle(60000));
        ASSERT_NE(view->controller()->analysis(), nullptr);
    }
    void apply(const QVariantMap& s) {
        ASSERT_TRUE(view->applySettings(s));
        ASSERT_TRUE(view->waitUntilIdle(60000));
    }
    QCustomPlot* heatmap() { return view->figures()->panel("heatmap")->plot(); }
    QCPColorMap* map() { return qobject_cast<QCPColorMap*>(heatmap()->plottable(0)); }

    QTemporaryDir dir;
    JobRunner runner;
    std::unique_ptr<ExpertsView> view;
};

TEST_F(ExpertsCollabTest, HeatmapSaysPrecomputedAndZeroCountsAreNoEdges) {
    open(collabFile(dir.filePath("sparse.safetensors"), true, 1));
    apply({{"top-t", 7}, {"edge-weight", "conditional"}});  // T asks for every other expert
    ASSERT_NE(map(), nullptr);
    EXPECT_TRUE(map()->name().contains("precomputed collaboration matrix"))
        << map()->name().toStdString();
    EXPECT_FALSE(map()->name().contains("top-")) << map()->name().toStdString();
    const auto& c = view->controller()->analysis()->layers[0].vanilla;
    const GraphScene& scene = view->graph()->scene();
    ASSERT_EQ(scene.nodes.size(), 8);
    EXPECT_EQ(scene.edges.size(), 4);  // the four planted pairs, nothing else
    for (const GraphEdge& e : scene.edges) EXPECT_GT(c.at(e.from, e.to), 0);
    apply({{"edge-weight", "lift"}});
    EXPECT_EQ(view->graph()->scene().edges.size(), 4);
}

TEST_F(ExpertsCollabTest, ColourMaxGivesTwoFilesOneScale) {
    const QString a = collabFile(dir.filePath("a.safetensors"), false, 1),
                  b = collabFile(dir.filePath("b.safetensors"), false, 5);
    open(a);
    const QCPRange autoA = map()->dataRange();
    open(b);
    const QCPRange autoB = map()->dataRange();
    EXPECT_NE(autoA.upper, autoB.upper);  // each file its own range by default
    apply({{"colour-max", 0.9}});
    EXPECT_DOUBLE_EQ(map()->dataRange().lower, 0.0);
    EXPECT_DOUBLE_EQ(map()->dataRange().upper, 0.9);
    open(a);
    EXPECT_DOUBLE_EQ(map()->dataRange().upper, 0.9);
}

TEST_F(ExpertsCollabTest, AllLayersExportFromTheWindow) {
    open(collabFile(dir.filePath("c.safetensors"), false, 1));
    auto* button = view->findChild<QToolButton*>("export-all-layers");
    ASSERT_NE(button, nullptr);
    EXPECT_TRUE(button->isEnabled());
    ASSERT_TRUE(view->exportAllLayers(dir.filePath("all.safetensors")));
    ASSERT_TRUE(view->exportAllLayers(dir.filePath("all.csv")));
    const auto f = core::io::TensorFile::open(dir.filePath("all.safetensors").toStdString());
    EXPECT_EQ(f.require("conditional").shape, (std::vector<std::int64_t>{32, 8, 8}));
    EXPECT_EQ(f.require("entropy").shape, (std::vector<std::int64_t>{32, 8}));
    const auto& a = *view->controller()->analysis();
    const std::vector<double> h = f.toDoubles("entropy");
    for (int l = 0; l < 32; ++l)
        for (int i = 0; i < 8; ++i) EXPECT_DOUBLE_EQ(h[l * 8 + i], a.layers[l].stats.entropy[i]);
    std::ifstream csv(dir.filePath("all.csv").toStdString());
    int lines = 0;
    for (std::string line; std::getline(csv, line);) ++lines;
    EXPECT_EQ(lines, 1 + 32 * 8);
}

TEST_F(ExpertsCollabTest, SettingsAreGroupedAndTheThresholdShowsItsValue) {
    open(collabFile(dir.filePath("g.safetensors"), false, 1));
    SettingsPanel* panel = view->controls();
    const QStringList sections = {experts::layerSection(), experts::graphSection(),
                                  experts::routingSection(), experts::commSection()};
    EXPECT_EQ(panel->sections(), sections);
    EXPECT_TRUE(panel->sectionExpanded(experts::graphSection()));
    EXPECT_FALSE(panel->sectionExpanded(experts::commSection()));  // folded at first
    EXPECT_FALSE(panel->control("hidden")->isVisible());
    EXPECT_TRUE(panel->control("layer")->isVisible());
    panel->setSectionExpanded(experts::commSection(), true);
    EXPECT_TRUE(panel->control("hidden")->isVisible());
    panel->setSectionExpanded(experts::commSection(), false);
    // No section holds more than six controls.
    for (const QString& s : sections) {
        int count = 0;
        for (const SettingSpec& spec : view->settingsSpec().all())
            count += spec.control && spec.section == s;
        EXPECT_LE(count, 6) << s.toStdString();
    }
    // The threshold's row: slider and a spin box that is wide enough to read, holding the value.
    apply({{"edges", "threshold"}, {"threshold", 0.35}});
    QWidget* row = panel->control("threshold");
    auto* spin = row->findChild<QDoubleSpinBox*>();
    auto* slider = row->findChild<QSlider*>();
    ASSERT_NE(spin, nullptr);
    ASSERT_NE(slider, nullptr);
    EXPECT_TRUE(spin->isVisible());
    EXPECT_GE(spin->width(), spin->minimumSizeHint().width());
    EXPECT_EQ(spin->text(), QStringLiteral("0.35"));
    EXPECT_TRUE(row->isEnabled());
    apply({{"edges", "topt"}});
    EXPECT_FALSE(row->isEnabled());  // the threshold applies to threshold edges only
}

}  // namespace
}  // namespace assay::views
