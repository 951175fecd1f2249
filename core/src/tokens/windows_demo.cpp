// WindowsDemo (windows_demo.h): the scenes are painted here (plain C++), the encoder is trained and
// run in the LibTorch module (windows_demo_net.cpp), and its outputs become PatchFeatures.
#include "assay/demo/windows_demo.h"

#include <optional>

#include "assay/core/error.h"
#include "windows_demo_encoder.h"
#include "windows_demo_scenes.h"

namespace assay::core::tokens {
namespace {

// Scenes the encoder also trains on beyond the ones shown (indices from here up), so that it sees
// more layouts than the view displays; they are never returned.
constexpr int kExtraTrainingScenes = 6;
constexpr int kExtraSceneIndex = 1000;
const char* const kLabel = "demo encoder";

void checkSpec(const WindowsDemoSpec& s) {
    if (s.patch < 1) throw ParameterError("patch", "expected 1 or more pixels");
    if (s.side < s.patch || s.side % s.patch != 0)
        throw ParameterError("side", std::to_string(s.side) +
                                         " is not a positive multiple of the patch (" +
                                         std::to_string(s.patch) + ")");
    if (s.dim < 2 || s.dim % 2 != 0)
        throw ParameterError(
            "dim", std::to_string(s.dim) + ": expected an even number (2 attention heads)");
    if (s.scenes < 1) throw ParameterError("scenes", "expected 1 or more");
    if (s.trainSteps < 0) throw ParameterError("train steps", "expected 0 or more");
}

}  // namespace

const char* sceneContentName(SceneContent c) {
    switch (c) {
        case SceneContent::Sky:
            return "sky";
        case SceneContent::Ground:
            return "ground";
        case SceneContent::Object:
            return "object";
        case SceneContent::Text:
            return "text";
    }
    return "?";
}

struct WindowsDemo::Backend {
    WindowsDemoSpec spec;
    std::vector<demo::GeneratedScene> scenes;
    std::unique_ptr<WindowsDemoEncoder> encoder;
    std::optional<PatchFeatures> features;

    GridSize grid() const { return {spec.side / spec.patch, spec.side / spec.patch}; }
    PatchFeatures run(const std::vector<float>& pixels, int images) const {
        WindowsEncoding e = encoder->encode(pixels.data(), images);
        return PatchFeatures::fromFloats(std::move(e.features), images, grid(), spec.dim, kLabel,
                                         std::move(e.featuresB), std::move(e.attention));
    }
};

WindowsDemo WindowsDemo::train(const WindowsDemoSpec& spec, JobContext& job) {
    checkSpec(spec);
    auto b = std::make_unique<Backend>();
    b->spec = spec;
    WindowsEncoderTraining t;
    t.seed = spec.seed;
    t.side = spec.side;
    t.patch = spec.patch;
    t.dim = spec.dim;
    t.steps = spec.trainSteps;
    job.stage("painting the demo scenes");
    std::vector<float> shown;
    for (int i = 0; i < spec.scenes + kExtraTrainingScenes; ++i) {
        const int index = i < spec.scenes ? i : kExtraSceneIndex + (i - spec.scenes);
        demo::GeneratedScene s = demo::generateScene(spec.seed, index, spec.side, spec.patch);
        const std::vector<float> px = normalisedChannels(s.image);
        t.pixels.insert(t.pixels.end(), px.begin(), px.end());
        for (SceneContent c : s.content) t.content.push_back(static_cast<std::uint8_t>(c));
        if (i < spec.scenes) {
            shown.insert(shown.end(), px.begin(), px.end());
            b->scenes.push_back(std::move(s));
        }
    }
    t.images = spec.scenes + kExtraTrainingScenes;
    b->encoder = makeWindowsDemoEncoder(t, job);
    b->features.emplace(b->run(shown, spec.scenes));
    return WindowsDemo(std::move(b));
}

WindowsDemo::WindowsDemo(std::unique_ptr<Backend> backend) : m_backend(std::move(backend)) {}
WindowsDemo::WindowsDemo(WindowsDemo&&) noexcept = default;
WindowsDemo& WindowsDemo::operator=(WindowsDemo&&) noexcept = default;
WindowsDemo::~WindowsDemo() = default;

const WindowsDemoSpec& WindowsDemo::spec() const { return m_backend->spec; }
int WindowsDemo::scenes() const { return static_cast<int>(m_backend->scenes.size()); }

static void checkScene(int i, int n) {
    if (i < 0 || i >= n)
        throw ParameterError(
            "scene", std::to_string(i) + " is not a demo scene (0.." + std::to_string(n - 1) + ")");
}

const RgbImage& WindowsDemo::scene(int i) const {
    checkScene(i, scenes());
    return m_backend->scenes[i].image;
}
std::string WindowsDemo::sceneName(int i) const {
    checkScene(i, scenes());
    return m_backend->scenes[i].name;
}
const std::vector<SceneContent>& WindowsDemo::content(int i) const {
    checkScene(i, scenes());
    return m_backend->scenes[i].content;
}
const PatchFeatures& WindowsDemo::features() const { return *m_backend->features; }

PatchFeatures WindowsDemo::encode(const PreparedImage& image) const {
    const int side = m_backend->spec.side;
    if (image.square.width != side || image.square.height != side)
        throw ParameterError("image", "the demo encoder reads " + std::to_string(side) + "×" +
                                          std::to_string(side) + " images, this one is " +
                                          std::to_string(image.square.width) + "×" +
                                          std::to_string(image.square.height));
    return m_backend->run(normalisedChannels(image.square), 1);
}

}  // namespace assay::core::tokens
