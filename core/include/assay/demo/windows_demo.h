#pragma once
// The Token windows view's built-in demo (issue 10): procedurally generated scenes at 336 × 336
// (sky, ground, objects, text-like detail) and a small patch encoder trained on them from a seed,
// in seconds on the CPU (LibTorch, in the on-demand module), whose learned features form a 24 × 24
// grid per scene (patch 14, like CLIP ViT-L/14-336). The encoder also reads any prepared image —
// the real photographs of python3-skimage — and the view labels those features "demo encoder, not
// CLIP". Two depths are returned (features: the last block, like hidden_states[-2]; featuresB: one
// block earlier, like [-3]) and an attention map over the patches from the encoder's attention-
// pooling head (for the CLS-selection baseline). Reproducible: same spec → same bytes on a machine.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/tokens/image.h"
#include "assay/tokens/patch_features.h"

namespace assay::core::tokens {

struct WindowsDemoSpec {
    std::uint64_t seed = 5;
    int scenes = 6;
    int side = 336;  // S
    int patch = 14;  // → 24 × 24
    int dim = 64;    // D
    int trainSteps = 300;
};

// Per-patch content of a generated scene (the truth the demo's claims are tested against).
enum class SceneContent { Sky = 0, Ground = 1, Object = 2, Text = 3 };
const char* sceneContentName(SceneContent c);  // "sky", "ground", "object", "text"

class WindowsDemo {
public:
    // Trains (progress: steps; cancellable). ParameterError for a side not a multiple of patch.
    static WindowsDemo train(const WindowsDemoSpec& spec = {},
                             JobContext& job = JobContext::none());
    WindowsDemo(WindowsDemo&&) noexcept;
    WindowsDemo& operator=(WindowsDemo&&) noexcept;
    ~WindowsDemo();

    const WindowsDemoSpec& spec() const;
    int scenes() const;
    const RgbImage& scene(int i) const;  // side × side
    std::string sceneName(int i) const;  // "harbour", "street sign", …
    // side/patch × side/patch labels, raster order: the majority content of each patch.
    const std::vector<SceneContent>& content(int i) const;
    // Every scene: B = scenes, grid 24 × 24, D = dim, with featuresB and attention.
    const PatchFeatures& features() const;
    // The encoder on any prepared image of side `spec().side` (else ParameterError): one image,
    // with featuresB and attention.
    PatchFeatures encode(const PreparedImage& image) const;

    struct Backend;  // core/src/tokens: in the LibTorch module

private:
    explicit WindowsDemo(std::unique_ptr<Backend> backend);
    std::unique_ptr<Backend> m_backend;
};

}  // namespace assay::core::tokens
