#pragma once
// Internal to core: the Token windows demo's patch encoder (windows_demo.h), trained and run in
// the LibTorch module (training needs autograd), entry point
//   extern "C" WindowsDemoEncoder* assay_torch_make_windows_encoder(const WindowsEncoderTraining&,
//                                                                   JobContext&)
// (ownership passes to the caller; delete through the virtual destructor). No LibTorch types here.
//
// The network (D = dim, P = 3·patch² pixels per patch, 2 heads):
//   embed     x = W_e · pixels(patch) + b_e                     (a linear patch embedding, no
//             position embedding: positions reach the features only through the convolution)
//   block 1   x += pw(gelu(dwconv3×3(LN(x))));  x += MLP(LN(x))  → featuresB (like [-3])
//   block 2   x += MHSA(LN(x));                 x += MLP(LN(x))  → features  (like [-2])
//   heads     content logits = W_c · LN(features)   (per patch: sky/ground/object/text)
//             reconstruction = W_r · LN(features)   (the patch's pixels at half resolution)
//             attention pooling: a = softmax_i(q · W_k LN(f_i) / √D), pooled = Σ a_i LN(f_i),
//             summary = W_s · pooled  (the mean half-resolution pixels of the crop's objects and
//                                      text, or of the whole crop without any: attention has to
//                                      find the salient patches, as CLIP's CLS attention does)
// Loss = cross-entropy(content) + reconstruction MSE + summary MSE + 0.2 · cross-entropy of the
// attention against the uniform distribution over the crop's objects and text; Adam, cosine
// schedule, 2 crops of 12 × 12 patches per step (the second placed over an object or text patch);
// one compute thread (OpenBLAS's pool too), weights drawn from the seed with SplitMix64: identical
// bytes on a machine.
#include <cstdint>
#include <memory>
#include <vector>

#include "assay/jobs/job_context.h"

namespace assay::core::tokens {

struct WindowsEncoderTraining {
    std::uint64_t seed = 0;
    int side = 336, patch = 14, dim = 64, steps = 300;
    int images = 0;
    std::vector<float> pixels;          // images × 3 × side × side, CLIP-normalised
    std::vector<std::uint8_t> content;  // images × (side/patch)², SceneContent values
};

struct WindowsEncoding {
    std::vector<float> features;    // images × N × D (last block)
    std::vector<float> featuresB;   // images × N × D (one block earlier)
    std::vector<double> attention;  // images × N, each image's sums to 1
};

class WindowsDemoEncoder {
public:
    virtual ~WindowsDemoEncoder() = default;
    // pixels: images × 3 × side × side, CLIP-normalised. Const calls may overlap.
    virtual WindowsEncoding encode(const float* pixels, int images) const = 0;
};

// Loads the module (on demand) or calls directly; defined in windows_demo_factory.cpp.
std::unique_ptr<WindowsDemoEncoder> makeWindowsDemoEncoder(const WindowsEncoderTraining& training,
                                                           JobContext& job);

}  // namespace assay::core::tokens
