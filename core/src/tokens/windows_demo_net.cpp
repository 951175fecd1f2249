// The Token windows demo's patch encoder (windows_demo_encoder.h), in the LibTorch module.
#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <string>

#include "../prune/prune_demo_net.h"  // OneThread: one compute thread, shared with the other demo
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/demo/windows_demo.h"
#include "blas_one_thread.h"
#include "windows_demo_encoder.h"

namespace assay::core::tokens {
namespace {

using prune::demo::OneThread;
namespace F = torch::nn::functional;

constexpr int kHeads = 2;
constexpr int kCrop = 12;  // training crops: kCrop × kCrop patches
constexpr int kBatch = 2;  // crops per step
constexpr double kLearningRate = 3e-3;
constexpr int kContents = 4;              // SceneContent values
constexpr double kAttentionWeight = 0.2;  // the attention's cross-entropy term

struct Outputs {
    torch::Tensor featuresB, features;  // [B, N, D]
    torch::Tensor content;              // [B, N, 4] logits
    torch::Tensor reconstruction;       // [B, N, P]
    torch::Tensor attention;            // [B, N], sums to 1
    torch::Tensor summary;              // [B, 3·half²] the foreground's mean pixels
};

struct Net : torch::nn::Module {
    Net(int patch, int dim) : dim(dim), patch(patch), half((patch + 1) / 2) {
        const int pixels = 3 * patch * patch;
        auto lin = [&](const char* name, int in, int out) {
            return register_module(name, torch::nn::Linear(in, out));
        };
        auto ln = [&](const char* name) {
            return register_module(name, torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
        };
        embed = lin("embed", pixels, dim);
        ln1a = ln("ln1a");
        dwconv = register_module(
            "dwconv",
            torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim, 3).padding(1).groups(dim)));
        pw = lin("pw", dim, dim);
        ln1b = ln("ln1b");
        mlp1a = lin("mlp1a", dim, 2 * dim);
        mlp1b = lin("mlp1b", 2 * dim, dim);
        ln2a = ln("ln2a");
        qkv = lin("qkv", dim, 3 * dim);
        proj = lin("proj", dim, dim);
        ln2b = ln("ln2b");
        mlp2a = lin("mlp2a", dim, 2 * dim);
        mlp2b = lin("mlp2b", 2 * dim, dim);
        lnHead = ln("lnHead");
        contentHead = lin("contentHead", dim, kContents);
        reconstructionHead = lin("reconstructionHead", dim, 3 * half * half);
        key = lin("key", dim, dim);
        query = register_parameter("query", torch::zeros({dim}));
        summaryHead = lin("summaryHead", dim, 3 * half * half);
    }

    // Weights from the seed (SplitMix64: nothing else in the process can shift the stream):
    // normal / √fan-in, halved on the layers that write into the residual stream; biases 0,
    // LayerNorm gains 1.
    void initialise(std::uint64_t seed) {
        torch::NoGradGuard noGrad;
        SplitMix64 rng(streamSeed(seed, 0x71C0));
        for (auto& item : named_parameters()) {
            auto& t = item.value();
            const std::string& name = item.key();
            if (name.rfind("ln", 0) == 0) {
                t.fill_(name.find("weight") != std::string::npos ? 1.0 : 0.0);
                continue;
            }
            if (name.find("bias") != std::string::npos) {
                t.zero_();
                continue;
            }
            const double fanIn = t.dim() >= 2 ? static_cast<double>(t.numel() / t.size(0)) : dim;
            const bool residual = name.rfind("pw", 0) == 0 || name.rfind("proj", 0) == 0 ||
                                  name.rfind("mlp1b", 0) == 0 || name.rfind("mlp2b", 0) == 0;
            const double scale = (residual ? 0.5 : 1.0) / std::sqrt(fanIn);
            float* p = t.data_ptr<float>();
            for (std::int64_t i = 0; i < t.numel(); ++i)
                p[i] = static_cast<float>(rng.normal() * scale);
        }
    }

    // patches [B, Gr, Gc, P] → the outputs; N = Gr·Gc.
    Outputs forward(const torch::Tensor& patches) {
        const auto B = patches.size(0), Gr = patches.size(1), Gc = patches.size(2);
        const auto N = Gr * Gc;
        auto x = embed(patches);  // [B, Gr, Gc, D]
        auto h = dwconv(ln1a(x).permute({0, 3, 1, 2})).permute({0, 2, 3, 1});
        x = x + pw(torch::gelu(h));
        x = x + mlp1b(torch::gelu(mlp1a(ln1b(x))));
        Outputs out;
        out.featuresB = x.reshape({B, N, dim});
        x = out.featuresB;
        const int dh = dim / kHeads;
        const auto qkvs = qkv(ln2a(x)).reshape({B, N, 3, kHeads, dh}).permute({2, 0, 3, 1, 4});
        const auto att = torch::softmax(
            torch::matmul(qkvs[0], qkvs[1].transpose(-2, -1)) / std::sqrt(double(dh)), -1);
        x = x + proj(torch::matmul(att, qkvs[2]).permute({0, 2, 1, 3}).reshape({B, N, dim}));
        x = x + mlp2b(torch::gelu(mlp2a(ln2b(x))));
        out.features = x;
        const auto f = lnHead(x);
        out.content = contentHead(f);
        out.reconstruction = reconstructionHead(f);
        out.attention = torch::softmax(torch::matmul(key(f), query) / std::sqrt(double(dim)), -1);
        out.summary = summaryHead((out.attention.unsqueeze(-1) * f).sum(1));
        return out;
    }

    // The reconstruction target: each patch's pixels averaged to half resolution (the detail that
    // tells text patches apart survives; the head costs a quarter of a full-resolution one).
    torch::Tensor reconstructionTarget(const torch::Tensor& patches) const {
        const auto B = patches.size(0), N = patches.size(1) * patches.size(2);
        const auto x = patches.reshape({B * N * 3, patch, patch});
        return torch::adaptive_avg_pool2d(x, {half, half}).reshape({B, N, 3 * half * half});
    }

    int dim, patch, half;
    torch::nn::Linear embed{nullptr}, pw{nullptr}, mlp1a{nullptr}, mlp1b{nullptr}, qkv{nullptr},
        proj{nullptr}, mlp2a{nullptr}, mlp2b{nullptr}, contentHead{nullptr},
        reconstructionHead{nullptr}, key{nullptr}, summaryHead{nullptr};
    torch::nn::LayerNorm ln1a{nullptr}, ln1b{nullptr}, ln2a{nullptr}, ln2b{nullptr},
        lnHead{nullptr};
    torch::nn::Conv2d dwconv{nullptr};
    torch::Tensor query;
};

// images × 3 × S × S → [images, G, G, 3·p²] (element c·p² + y·p + x, a convolution's layout).
torch::Tensor patchify(const float* pixels, int images, int side, int patch) {
    const int g = side / patch;
    const auto t = torch::from_blob(const_cast<float*>(pixels), {images, 3, g, patch, g, patch},
                                    torch::kFloat32);
    return t.permute({0, 2, 4, 1, 3, 5}).reshape({images, g, g, 3 * patch * patch}).clone();
}

std::vector<float> toFloats(const torch::Tensor& t) {
    const auto c = t.detach().contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

class Encoder final : public WindowsDemoEncoder {
public:
    explicit Encoder(const WindowsEncoderTraining& t)
        : m_side(t.side), m_patch(t.patch), m_net(std::make_shared<Net>(t.patch, t.dim)) {
        m_net->initialise(t.seed);
    }

    void train(const WindowsEncoderTraining& t, JobContext& job) {
        const int g = t.side / t.patch;
        const int crop = std::min(kCrop, g);
        const auto patches = patchify(t.pixels.data(), t.images, t.side, t.patch);
        const auto labels = torch::from_blob(const_cast<std::uint8_t*>(t.content.data()),
                                             {t.images, g, g}, torch::kUInt8)
                                .to(torch::kInt64);
        torch::optim::Adam opt(m_net->parameters(), torch::optim::AdamOptions(kLearningRate));
        // Every object and text patch (image, row, column): odd crops are placed over one, so the
        // rare contents (text is ~2% of the patches) are seen often enough to be learned.
        std::vector<std::array<int, 3>> salient;
        for (int i = 0; i < t.images; ++i)
            for (int p = 0; p < g * g; ++p) {
                const auto k = static_cast<SceneContent>(t.content[std::size_t(i) * g * g + p]);
                if (k == SceneContent::Object || k == SceneContent::Text)
                    salient.push_back({i, p / g, p % g});
            }
        SplitMix64 rng(streamSeed(t.seed, 0xC409));
        job.stage("training the demo patch encoder");
        for (int step = 0; step < t.steps; ++step) {
            job.progress(step, t.steps);
            const double lr =
                0.5 * kLearningRate * (1 + std::cos(M_PI * static_cast<double>(step) / t.steps));
            static_cast<torch::optim::AdamOptions&>(opt.param_groups()[0].options()).lr(lr);
            std::vector<torch::Tensor> xs, ys;
            for (int b = 0; b < kBatch; ++b) {
                std::int64_t i = static_cast<std::int64_t>(rng.below(t.images));
                std::int64_t r = static_cast<std::int64_t>(rng.below(g - crop + 1));
                std::int64_t c = static_cast<std::int64_t>(rng.below(g - crop + 1));
                if (b % 2 == 1 && !salient.empty()) {  // a crop that holds this salient patch
                    const auto& at = salient[rng.below(salient.size())];
                    i = at[0];
                    r = std::clamp<std::int64_t>(at[1] - static_cast<std::int64_t>(rng.below(crop)),
                                                 0, g - crop);
                    c = std::clamp<std::int64_t>(at[2] - static_cast<std::int64_t>(rng.below(crop)),
                                                 0, g - crop);
                }
                xs.push_back(patches[i].slice(0, r, r + crop).slice(1, c, c + crop));
                ys.push_back(labels[i].slice(0, r, r + crop).slice(1, c, c + crop));
            }
            const auto x = torch::stack(xs), y = torch::stack(ys).reshape({kBatch, -1});
            // The pooling head's targets: the mean (half-resolution) pixels of the crop's objects
            // and text, or of the whole crop when it has none; and the attention itself, taught
            // where they are (cross-entropy against the uniform distribution over them).
            const auto target = m_net->reconstructionTarget(x);
            auto fg = ((y == int(SceneContent::Object)) | (y == int(SceneContent::Text)))
                          .to(torch::kFloat32);
            fg = torch::where(fg.sum(1, true) > 0, fg, torch::ones_like(fg));
            const auto summary = (fg.unsqueeze(-1) * target).sum(1) / fg.sum(1, true);
            const Outputs out = m_net->forward(x);
            const auto loss =
                F::cross_entropy(out.content.reshape({-1, kContents}), y.reshape({-1})) +
                F::mse_loss(out.reconstruction, target) + F::mse_loss(out.summary, summary) -
                kAttentionWeight *
                    ((fg / fg.sum(1, true)) * torch::log(out.attention + 1e-8)).sum(1).mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        job.progress(t.steps, t.steps);
    }

    WindowsEncoding encode(const float* pixels, int images) const override {
        OneThread one;
        BlasOneThread blas;
        torch::NoGradGuard noGrad;
        WindowsEncoding e;
        for (int i = 0; i < images; ++i) {  // one image at a time: attention over 576 patches
            const std::size_t stride = std::size_t(3) * m_side * m_side;
            const Outputs out = m_net->forward(patchify(pixels + i * stride, 1, m_side, m_patch));
            const auto f = toFloats(out.features), fb = toFloats(out.featuresB);
            e.features.insert(e.features.end(), f.begin(), f.end());
            e.featuresB.insert(e.featuresB.end(), fb.begin(), fb.end());
            const auto a = out.attention.to(torch::kFloat64).contiguous();
            e.attention.insert(e.attention.end(), a.data_ptr<double>(),
                               a.data_ptr<double>() + a.numel());
        }
        return e;
    }

private:
    int m_side, m_patch;
    std::shared_ptr<Net> m_net;
};

}  // namespace

WindowsDemoEncoder* trainWindowsDemoEncoder(const WindowsEncoderTraining& t, JobContext& job);

}  // namespace assay::core::tokens

// The entry point (see core/src/torch/torch_entry.cpp for the convention): a plain C name for
// dlsym; C++ types and exceptions pass through it.
extern "C" __attribute__((visibility("default"))) assay::core::tokens::WindowsDemoEncoder*
assay_torch_make_windows_encoder(const assay::core::tokens::WindowsEncoderTraining& training,
                                 assay::core::JobContext& job) {
    return assay::core::tokens::trainWindowsDemoEncoder(training, job);
}

namespace assay::core::tokens {

WindowsDemoEncoder* trainWindowsDemoEncoder(const WindowsEncoderTraining& t, JobContext& job) {
    const int g = t.patch > 0 ? t.side / t.patch : 0;
    if (t.patch < 1 || t.side < t.patch || t.side % t.patch != 0 || t.dim < kHeads ||
        t.dim % kHeads != 0 || t.images < 1 || t.steps < 0 ||
        t.pixels.size() != std::size_t(t.images) * 3 * t.side * t.side ||
        t.content.size() != std::size_t(t.images) * g * g)
        throw ParameterError("demo encoder", "inconsistent training data");
    OneThread one;
    BlasOneThread blas;
    auto encoder = std::make_unique<Encoder>(t);
    encoder->train(t, job);
    return encoder.release();
}

}  // namespace assay::core::tokens
