#pragma once
// The Probes view's built-in demo (issue 11): hidden states of a real small network, not noise.
// A residual MLP (LibTorch, in the on-demand module) is trained from a seed in seconds on the CPU
// on a synthetic classification task with easy and hard items (overlapping classes, label noise
// in part of the input space); its per-layer residual-stream states over held-out items are
// labelled 1 = "prediction wrong" (the hallucination stand-in), 0 = right. A second model with
// another seed (and width) on the same items gives the transfer pair. A preference set has a
// planted separable dataset ("multi-model") and a non-separable one ("single-model"), and
// captions are short token sequences whose per-token states come from the first model.
// Reproducible: same spec → same bytes on a machine.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/probes/captions.h"
#include "assay/probes/preference_pairs.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes {

struct ProbesDemoSpec {
    std::uint64_t seed = 7;
    int layers = 8;        // residual blocks (states after each block: layers 1..L)
    int width = 64;        // d of the first model
    int secondWidth = 48;  // d of the second model (ComnHallu aligns different widths)
    int items = 3000;      // held-out items whose states are collected
    int trainSteps = 400;
};

class ProbesDemo {
public:
    // Trains both models (progress: steps; cancellable).
    static ProbesDemo train(const ProbesDemoSpec& spec = {}, JobContext& job = JobContext::none());
    ProbesDemo(ProbesDemo&&) noexcept;
    ProbesDemo& operator=(ProbesDemo&&) noexcept;
    ~ProbesDemo();

    const ProbesDemoSpec& spec() const;
    const ProbeDataset& states() const;        // first model, label 1 = wrong, with split + group
    const ProbeDataset& secondStates() const;  // second model, same items (paired rows)
    // Preference datasets: [0] "multi-model" (separable), [1] "single-model" (not).
    const std::vector<PreferencePairs>& preference() const;
    const CaptionSet& captions() const;
    double accuracy() const;  // first model's held-out accuracy
    double secondAccuracy() const;

    // Writes the demo as the files a user would have (README "Probes ▸ Demo files"):
    // states.safetensors, second.safetensors, pairs-multi.safetensors, pairs-single.safetensors,
    // captions.jsonl, caption-states.safetensors. OutputError on failure.
    void writeFiles(const std::filesystem::path& folder) const;

    struct Backend;  // core/src/probes: in the LibTorch module

private:
    explicit ProbesDemo(std::unique_ptr<Backend> backend);
    std::unique_ptr<Backend> m_backend;
};

}  // namespace assay::core::probes
