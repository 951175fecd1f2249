#pragma once
// Internal to core: what a PruningModel holds, whatever its source. A checkpoint (or an engine
// test's in-memory model) gives weights + one calibration matrix per layer, split by row lists;
// the demo gives weights + block inputs from its backend (they depend on the mask); a trace gives
// routing only.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "assay/io/hidden_states.h"
#include "assay/prune/pruning_model.h"
#include "prune_demo_backend.h"
#include "prune_engine.h"

namespace assay::core::prune {

struct PruningModel::Impl {
    PruningSource source = PruningSource::Checkpoint;
    MoeConfig config;
    std::vector<int> layers;
    std::int64_t estimation = 0, heldOut = 0;
    std::vector<std::filesystem::path> files;
    std::string gradientLoss;     // "" = no gradient criteria
    std::string gradientMissing;  // why not, when gradientLoss is empty
    std::shared_ptr<void> owner;  // keeps the checkpoint / calibration / test buffers alive

    std::function<MoeLayerWeights(int)> weights;  // checkpoint / test; empty for a trace or demo
    bool hasLayerWeights() const { return demo != nullptr || static_cast<bool>(weights); }
    MoeLayerWeights layerWeights(int l) const { return demo ? demo->layer(l) : weights(l); }

    // Checkpoint / test: the calibration matrix per layer and the split of its T rows.
    struct Calibration {
        io::HiddenMatrix hidden;
        std::optional<io::HiddenMatrix> target;
    };
    std::map<int, Calibration> calibration;
    std::vector<std::int64_t> estimationRows, heldOutRows;  // ascending (also a trace's split)
    std::vector<std::int64_t> tokenIds;                     // [T] or empty
    double vocabulary = 0;                                  // |V| for EVTC
    std::string vocabularyNote;

    // Demo.
    std::shared_ptr<PruneDemoBackend> demo;

    // Trace: top-k [T,k] and router logits [T,n] (or empty) per layer, all T tokens.
    struct TraceLayer {
        std::vector<std::int32_t> idx;
        std::vector<float> logits;
    };
    std::map<int, TraceLayer> trace;

    // Full-model block outputs on the held-out tokens, per layer (filled on first use).
    mutable std::mutex cacheMutex;
    mutable std::map<int, std::shared_ptr<const std::vector<float>>> fullOutputs;

    Impl() = default;
    // A copy for the lottery's fine-tuned demo (the backend replaced by the caller).
    std::unique_ptr<Impl> copy() const;

    bool hasTokenIds() const;
    // Block input of layer l over the estimation or held-out tokens; `storage` holds the demo's.
    BlockInput input(const ExpertMask& mask, int l, bool heldOut,
                     std::vector<float>& storage) const;
    std::optional<BlockInput> target(int l) const;  // estimation tokens
    std::vector<std::int64_t> tokenIdsOf(bool heldOut) const;
    // Routing of layer l under the mask; nullopt for a trace without router logits when the mask
    // drops experts of that layer (the trace cannot say where those tokens would go).
    std::optional<Routing> routing(const ExpertMask& mask, int l, bool heldOut,
                                   JobContext& job) const;
    std::shared_ptr<const std::vector<float>> fullOutput(int l, JobContext& job) const;
};

struct PruningModelFactory {
    static PruningModel make(std::unique_ptr<PruningModel::Impl> impl) {
        return PruningModel(std::move(impl));
    }
};

// Mask helpers that do not depend on expert_mask.cpp's members.
std::vector<bool> keptOf(const ExpertMask& mask, int layer, int n);
int keptCountOf(const std::vector<bool>& kept);
ExpertMask fullMaskOf(const PruningModel::Impl& m);
// The seeded estimation / held-out split of T rows. ParameterError for a fraction outside (0,1)
// or a split leaving either side empty.
void splitRows(std::int64_t T, double heldOutFraction, std::uint64_t seed,
               std::vector<std::int64_t>& estimation, std::vector<std::int64_t>& heldOut);

}  // namespace assay::core::prune
