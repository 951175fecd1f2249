#pragma once
// Turns Token windows view actions into core calls on the job runner (core/tokens), each tagged
// so that a newer request supersedes an older one:
//  - load: the demo (scenes + a patch encoder trained from a seed, kept for photographs), a
//    photograph (prepared as the `preprocess` setting says, encoded by the demo encoder — not
//    CLIP, and said so), or a features file with an optional image underneath;
//  - analysis of the shown image: every method at the chosen budget (analyseImage), the same
//    code `assay-run windows` runs;
//  - batch statistics: s_w per method and budget over every image (analyseBatch); independent of
//    the shown image, so changing the image does not run it again.
#include <QObject>
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "assay/tokens/image.h"
#include "assay/tokens/patch_features.h"
#include "assay/tokens/windows_analysis.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

namespace assay::core::tokens {
class WindowsDemo;
}

namespace assay::views {

struct WindowsData {
    enum class Source { Demo, Photograph, File } source = Source::Demo;
    std::shared_ptr<const core::tokens::PatchFeatures> features;
    // Per image of `features`: the square the grid lies over (empty `square`: no image known).
    std::vector<core::tokens::PreparedImage> images;
    std::vector<std::string> names;  // per image: a scene's name, the photograph's file name
    // The features were computed here by the demo's small trained encoder (demo and
    // photographs): they are not CLIP's, and the view says so.
    bool demoEncoder = false;
    QString imagePath;  // the photograph or the image under a features file
};

class WindowsController : public QObject {
    Q_OBJECT
public:
    explicit WindowsController(JobRunner& runner, QObject* parent = nullptr);
    ~WindowsController() override;

    void loadDemo();
    void loadPhotograph(const QString& path, core::tokens::Preprocess preprocess);
    // `image`: the picture under the features ("" for none), prepared with `preprocess`.
    void loadFeatures(const QString& path, const core::tokens::FeatureOptions& options,
                      const QString& image, core::tokens::Preprocess preprocess);
    void analyse(int image, const core::tokens::WindowsRequest& request);
    void analyseBatch(const core::tokens::WindowsRequest& request);

    const WindowsData* data() const { return m_data.get(); }
    const core::tokens::ImageAnalysis* analysis() const { return m_analysis.get(); }
    const core::tokens::BatchStatistics* batch() const { return m_batch.get(); }
    QString batchError() const { return m_batchError; }
    // The demo encoder, once trained (for photographs opened later; tests compare with it).
    std::shared_ptr<const core::tokens::WindowsDemo> demo() const { return m_demo; }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void analysisReady(qint64 ms);
    void batchReady();
    void failed(const QString& message);

private:
    struct Loaded;
    void submitLoad(std::function<Loaded(core::JobContext&)> work, ViewInput info,
                    const QString& title);

    JobRunner& m_runner;
    std::shared_ptr<const core::tokens::WindowsDemo> m_demo;
    std::shared_ptr<const WindowsData> m_data;
    std::shared_ptr<const core::tokens::ImageAnalysis> m_analysis;
    std::shared_ptr<const core::tokens::BatchStatistics> m_batch;
    QString m_batchError;
    int m_generation = 0;  // loads; results of an older load are dropped
};

}  // namespace assay::views
