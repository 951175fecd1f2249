// The demo model's spec check and shared token sets (prune_demo_data.h).
#include "prune_demo_data.h"

#include <string>

#include "assay/core/error.h"

namespace assay::core::prune::demo {

void checkDemoSpec(const PruneDemoSpec& s, int heldOut) {
    auto need = [](bool ok, const char* field, const std::string& what) {
        if (!ok) throw ParameterError(field, what);
    };
    need(s.layers >= 1 && s.layers <= 8, "demo layers", "expected 1..8");
    need(s.experts >= 2 && s.experts <= 256, "demo experts", "expected 2..256");
    need(s.topK >= 1 && s.topK <= s.experts, "demo top-k", "expected 1..experts");
    need(s.hidden >= kContent && s.hidden <= 1024, "demo hidden", "expected 8..1024");
    need(s.expertHidden >= 1 && s.expertHidden <= 4096, "demo expert hidden", "expected 1..4096");
    need(s.trainSteps >= 0, "demo steps", "expected 0 (untrained) or more");
    need(s.batchTokens >= 1, "demo batch tokens", "expected at least 1");
    need(s.learningRate > 0, "demo learning rate", "expected a positive rate");
    need(s.balanceWeight >= 0, "demo balance weight", "expected 0 or more");
    need(s.calibrationTokens >= 1, "demo calibration tokens", "expected at least 1");
    need(heldOut >= 1, "held-out tokens", "expected at least 1");
}

Tokens::Tokens(TokenSet s, int d) : set(std::move(s)) {
    x = torch::from_blob(set.x.data(), {set.tokens, d}, torch::kFloat32).clone();
    label = torch::from_blob(set.label.data(), {set.tokens}, torch::kInt64).clone();
}

Shared::Shared(const PruneDemoSpec& s, int heldOutTokens)
    : spec(s),
      task(s.seed, s.hidden),
      estimation(task.sample(1, s.calibrationTokens), s.hidden),
      heldOut(task.sample(2, heldOutTokens), s.hidden) {
    config.family = MoeFamily::Demo;
    config.architecture = "assay prune demo";
    config.numLayers = s.layers;
    for (int l = 0; l < s.layers; ++l) config.moeLayers.push_back(l);
    config.hidden = s.hidden;
    config.numExperts = s.experts;
    config.topK = s.topK;
    config.expertHidden = s.expertHidden;
    config.normTopkProb = true;
}

}  // namespace assay::core::prune::demo
