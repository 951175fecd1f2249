// The Probes view's inputs as a user has them: the demo written as files (states, a second model,
// two preference sets, captions with their per-token states), routed by what they hold, opened
// with the files beside the states named relative to them, and analysed exactly as core analyses
// the same file; a named file that is not there is refused with the setting's name.
#include "views/probes/probes_inputs.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "assay/demo/probes_demo.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probes_analysis.h"
#include "views/common/job_runner.h"
#include "views/common/view_registry.h"
#include "views/probes/probes_controller.h"
#include "views/probes/probes_view.h"

namespace assay::views {
namespace {

namespace probes = core::probes;

class ProbesInputsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = new QTemporaryDir;
        probes::ProbesDemoSpec spec;
        spec.items = 800;
        spec.trainSteps = 120;
        probes::ProbesDemo::train(spec).writeFiles(dir->path().toStdString());
    }
    static void TearDownTestSuite() {
        delete dir;
        dir = nullptr;
    }
    static QString file(const char* name) { return dir->filePath(QLatin1String(name)); }
    static inline QTemporaryDir* dir = nullptr;
};

TEST_F(ProbesInputsTest, FilesAreRoutedByWhatTheyHold) {
    EXPECT_EQ(probesFileKind(file("states.safetensors")), ProbesFileKind::States);
    EXPECT_EQ(probesFileKind(file("second.safetensors")), ProbesFileKind::States);
    EXPECT_EQ(probesFileKind(file("pairs-multi.safetensors")), ProbesFileKind::Pairs);
    EXPECT_EQ(probesFileKind(file("pairs-single.safetensors")), ProbesFileKind::Pairs);
    EXPECT_EQ(probesFileKind(file("captions.jsonl")), ProbesFileKind::Captions);
    // Per-token states alone carry no labels: not a view input by themselves.
    EXPECT_EQ(probesFileKind(file("caption-states.safetensors")), ProbesFileKind::Other);
    ViewRegistry registry;
    registry.registerView(probesViewEntry());
    EXPECT_EQ(registry.viewsFor(file("states.safetensors")), QStringList{"probes"});
    EXPECT_EQ(registry.viewsFor(file("pairs-multi.safetensors")), QStringList{"probes"});
    EXPECT_TRUE(registry.viewsFor(file("caption-states.safetensors")).isEmpty());
    EXPECT_EQ(captionStatesFor(file("captions.jsonl"), {}), file("caption-states.safetensors"));
}

TEST_F(ProbesInputsTest, TheDemoFilesOpenWithTheirCompanionsAndMatchCore) {
    JobRunner runner;
    ProbesView view(runner);
    view.resize(1400, 900);
    ASSERT_TRUE(view.applySettings({{"second", "second.safetensors"},
                                    {"pairs", "pairs-multi.safetensors,pairs-single.safetensors"},
                                    {"captions", "captions.jsonl"},
                                    {"rank", 16}}));
    view.openFile(file("states.safetensors"));
    ASSERT_TRUE(view.waitUntilIdle(300000));
    ASSERT_NE(view.controller()->analysis(), nullptr);
    for (const QString& id : view.figureIds())
        EXPECT_TRUE(view.figureUnavailable(id).isEmpty())
            << id.toStdString() << ": " << view.figureUnavailable(id).toStdString();
    EXPECT_EQ(view.controller()->data()->pairs.size(), 2u);
    // The same numbers as core on the same file with the view's defaults.
    const probes::ProbeDataset states =
        probes::ProbeDataset::open(file("states.safetensors").toStdString());
    probes::ProbesRequest request;
    request.probe.testFraction = 0.25;
    request.alpha = probes::parseAlphaRange("-4:4:17");
    const probes::ProbesAnalysis core = probes::analyseProbes(states, request);
    const probes::ProbesAnalysis& shown = *view.controller()->analysis();
    ASSERT_EQ(shown.training.layers.size(), core.training.layers.size());
    for (std::size_t l = 0; l < core.training.layers.size(); ++l) {
        EXPECT_EQ(shown.training.layers[l].auroc, core.training.layers[l].auroc) << l;
        EXPECT_EQ(shown.training.layers[l].probe.weights, core.training.layers[l].probe.weights);
    }
    // Opening a pairs file adds it to the list and reads the inputs again.
    view.openFile(file("pairs-multi.safetensors"));
    ASSERT_TRUE(view.waitUntilIdle(300000));
    EXPECT_EQ(view.controller()->data()->pairs.size(), 3u);
}

TEST_F(ProbesInputsTest, AMissingCompanionIsRefusedByName) {
    JobRunner runner;
    ProbesView view(runner);
    QSignalSpy errors(&view, &ViewBase::errorOccurred);
    ASSERT_TRUE(view.applySettings({{"second", "no-such-model.safetensors"}}));
    view.openFile(file("states.safetensors"));
    ASSERT_TRUE(view.waitUntilIdle(120000));
    ASSERT_GE(errors.count(), 1);
    const QString message = errors.back().front().toString();
    EXPECT_TRUE(message.contains("second")) << message.toStdString();
    EXPECT_TRUE(message.contains("no-such-model")) << message.toStdString();
    EXPECT_EQ(view.controller()->analysis(), nullptr);
}

}  // namespace
}  // namespace assay::views
